import { Topics } from '@lobby/contracts';
import { CentralEventsBus } from '@lobby/platform';
import { CentralMqttClient } from './central-mqtt.client';

/**
 * Shared domain events between central instances over the broker, on `lobby/v1/central/events`
 * (QoS 0: a stream client that misses one reads the API; fleet's facts are read again every minute). The embedded broker's ACL keeps agents off
 * it; an external broker needs the same rule (docs/alerting.md).
 */
export class MqttCentralEventsBus extends CentralEventsBus {
  constructor(private readonly mqtt: CentralMqttClient) {
    super();
  }

  async publish(payload: string): Promise<void> {
    if (!this.mqtt.isConnected) return;
    await this.mqtt.publish(Topics.centralEvents(), payload, { qos: 0 });
  }

  subscribe(handler: (payload: Buffer) => void): void {
    this.mqtt.onCentralTopic(Topics.centralEvents(), handler);
  }
}
