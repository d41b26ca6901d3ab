import { AgentDeviceConfig, ModbusTransport } from '@lobby/contracts';
import { Clock } from '@lobby/runtime';
import { DeviceModule } from '../core/device-driver';
import { LightBoxDriver } from './light-box.driver';
import { LightBoxSimulator } from './light-box.simulator';

function modbusConfig(config: AgentDeviceConfig): AgentDeviceConfig & { transport: ModbusTransport } {
  if (config.transport.type !== 'modbus-rtu') {
    throw new TypeError(`light box ${config.id} needs a modbus-rtu transport, not ${config.transport.type}`);
  }
  return { ...config, transport: config.transport };
}

/** Light boxes (外挑灯箱 / 自助区灯箱): Modbus RTU over RS-485, docs/protocols/light-box.md. */
export const lightBoxModule: DeviceModule = {
  kind: 'light-box',
  transportTypes: ['modbus-rtu'],
  createDriver: (config, context) => new LightBoxDriver(modbusConfig(config), context),
  /** Answers the config's unit id; attach several to one `sim:` path for a shared bus. */
  createSimulator: (config: AgentDeviceConfig, _clock: Clock) =>
    new LightBoxSimulator(config.transport.type === 'modbus-rtu' ? config.transport.unitId : 1),
};
