/** The central server's way out to the agents; the MQTT adapter implements it. */
export abstract class MqttPublisher {
  abstract publish(topic: string, payload: string, options: { qos: 0 | 1; retain?: boolean }): Promise<void>;
}
