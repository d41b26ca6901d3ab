import { DeviceModule } from '../core/device-driver';
import { serialConfig } from '../core/serial-polling-driver';
import { ReceiptBoxDriver } from './receipt-box.driver';
import { ReceiptBoxSimulator } from './receipt-box.simulator';

/** Corporate receipt boxes (回单箱): framed serial protocol, docs/protocols/receipt-box.md. */
export const receiptBoxModule: DeviceModule = {
  kind: 'receipt-box',
  transportTypes: ['serial'],
  createDriver: (config, context) => new ReceiptBoxDriver(serialConfig(config), context),
  createSimulator: (_config, clock) => new ReceiptBoxSimulator({ clock }),
};
