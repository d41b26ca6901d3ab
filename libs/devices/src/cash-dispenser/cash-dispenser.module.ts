import { AgentDeviceConfig, MqttTransport } from '@lobby/contracts';
import { DeviceModule } from '../core/device-driver';
import { CashDispenserDriver } from './cash-dispenser.driver';

function mqttConfig(config: AgentDeviceConfig): AgentDeviceConfig & { transport: MqttTransport } {
  if (config.transport.type !== 'mqtt') {
    throw new TypeError(`cash dispenser ${config.id} needs an mqtt transport, not ${config.transport.type}`);
  }
  return { ...config, transport: config.transport };
}

/**
 * Cash dispensers (ATM / CRS): XFS-style JSON over the branch network's MQTT broker, docs/
 * §1.4. No `createSimulator`: its simulator (`CashDispenserSimulator`) publishes to a broker
 * instead of speaking bytes on a `sim:` line.
 */
export const cashDispenserModule: DeviceModule = {
  kind: 'cash-dispenser',
  transportTypes: ['mqtt'],
  createDriver: (config, context) => new CashDispenserDriver(mqttConfig(config), context),
};
