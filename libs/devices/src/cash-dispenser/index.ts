export { cashDispenserModule } from './cash-dispenser.module';
export { CashDispenserDriver, CASH_DISPENSER_DEFAULTS } from './cash-dispenser.driver';
export { CashDispenserSimulator, CASH_DISPENSER_SIM_ACTIONS } from './cash-dispenser.simulator';
export type { CashDispenserSimAction, CashDispenserSimulatorOptions } from './cash-dispenser.simulator';
export { XfsStatusSchema, defaultXfsStatusTopic } from './xfs-status.schema';
export type { XfsStatus } from './xfs-status.schema';
export { mapXfsStatus, mergeXfsStatus } from './xfs-status.mapper';
