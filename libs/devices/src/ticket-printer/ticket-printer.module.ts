import { DeviceModule } from '../core/device-driver';
import { serialConfig } from '../core/serial-polling-driver';
import { TicketPrinterDriver } from './ticket-printer.driver';
import { TicketPrinterSimulator } from './ticket-printer.simulator';

/** Queue-ticket printers (取号机): ESC/POS over RS-232, docs/protocols/ticket-printer.md. */
export const ticketPrinterModule: DeviceModule = {
  kind: 'ticket-printer',
  transportTypes: ['serial'],
  createDriver: (config, context) => new TicketPrinterDriver(serialConfig(config), context),
  createSimulator: (config, clock) => new TicketPrinterSimulator({ clock, supportsPowerOff: config.settings?.supportsPowerOff ?? false }),
};
