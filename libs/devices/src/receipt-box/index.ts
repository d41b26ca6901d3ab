export { receiptBoxModule } from './receipt-box.module';
export { ReceiptBoxDriver, RECEIPT_BOX_DEFAULTS } from './receipt-box.driver';
export { ReceiptBoxSimulator, RECEIPT_BOX_SIM_ACTIONS } from './receipt-box.simulator';
export { toReceiptBoxReading } from './receipt-box.mapper';
export type { ReceiptBoxSimAction, ReceiptBoxSimulatorOptions } from './receipt-box.simulator';
