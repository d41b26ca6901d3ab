import { createServer, Server } from 'node:net';
import { AddressInfo } from 'node:net';
import { ConfigError, loadCentralConfig } from '@lobby/platform';
import { TestCentral } from '../../support/test-central';

function occupyPort(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '0.0.0.0', () => resolve(server));
  });
}

describe('central server start-up', () => {
  it('takes a free MQTT port when 1883 is taken and MQTT_PORT was not given', async () => {
    // 1883 is taken here either by the machine's Mosquitto or by this test.
    const blocker = await new Promise<Server | null>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(null));
      server.listen(1883, '0.0.0.0', () => resolve(server));
    });
    const central = new TestCentral({ defaultMqttPort: true });
    try {
      await central.start();
      const port = Number(new URL(central.mqttUrl).port);
      expect(port).toBeGreaterThan(0);
      expect(port).not.toBe(1883);
      expect((await central.http.get('/api/health')).body.mqtt).toBe('up');
    } finally {
      await central.stop();
      blocker?.close();
    }
  });

  it('refuses to start when an explicit MQTT_PORT is taken', async () => {
    const blocker = await occupyPort();
    const taken = (blocker.address() as AddressInfo).port;
    const central = new TestCentral({ env: { MQTT_PORT: String(taken) } });
    try {
      await expect(central.start()).rejects.toThrow(/EADDRINUSE/);
    } finally {
      blocker.close();
      await central.stop().catch(() => undefined);
    }
  });

  it('explains a bad environment instead of starting', () => {
    expect(() => loadCentralConfig({ HTTP_PORT: 'eighty', DATABASE_URL: 'mysql://x', MQTT_URL: 'http://broker' })).toThrow(ConfigError);
    try {
      loadCentralConfig({ HTTP_PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect((error as Error).message).toMatch(/HTTP_PORT/);
      expect((error as Error).message).toMatch(/DATABASE_URL: must be sqlite:PATH or postgres/);
    }
  });
});
