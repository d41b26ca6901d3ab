export { ticketPrinterModule } from './ticket-printer.module';
export { TicketPrinterDriver, TICKET_PRINTER_DEFAULTS } from './ticket-printer.driver';
export { TicketPrinterSimulator, TICKET_PRINTER_SIM_ACTIONS } from './ticket-printer.simulator';
export { toTicketPrinterReading, silentTicketPrinterReading } from './ticket-printer.mapper';
export type { TicketPrinterSimAction, TicketPrinterSimulatorOptions } from './ticket-printer.simulator';
