export { lightBoxModule } from './light-box.module';
export { LightBoxDriver, LIGHT_BOX_DEFAULTS } from './light-box.driver';
export { LightBoxSimulator, LIGHT_BOX_SIM_ACTIONS } from './light-box.simulator';
export type { LightBoxSimAction, LightBoxSimulatorOptions } from './light-box.simulator';
export { crc16Modbus } from './modbus-rtu.codec';
