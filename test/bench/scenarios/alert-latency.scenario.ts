/**
 * Alert latency: under a steady background of statuses, a device's paper runs out (a rule with
 * no raise delay); we time the publish until the `alert` event reaches a browser's stream
 * (`GET /api/stream`), for every injected fault.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { Topics } from '@lobby/contracts';
import { ProcessGroup, delay } from '../../support/processes';
import { startMosquitto } from '../../support/mosquitto';
import { Broker, createAgents, quantiles, startCentral, startLoad, until } from '../bench-harness';

export interface LatencyCase {
  /** The embedded broker acknowledges a status once stored; Mosquitto at once (the centre's session queues). */
  broker: Broker;
  backgroundPerSecond: number;
  backgroundSeconds: number;
  faults: number;
}

export interface LatencyResult extends LatencyCase {
  /** The background rate the publisher reached (statuses acknowledged per second). */
  achievedPerSecond: number;
  measured: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Reads `/api/stream` and calls `onAlert(deviceId)` for each raised alert. */
async function openStream(url: string, token: string, onAlert: (deviceId: string) => void): Promise<AbortController> {
  const abort = new AbortController();
  const response = await fetch(`${url}/api/stream?access_token=${encodeURIComponent(token)}`, { signal: abort.signal });
  if (!response.ok || !response.body) throw new Error(`GET /api/stream: ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      pending += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, cut);
        pending = pending.slice(cut + 1);
        if (!line.startsWith('data:')) continue;
        const event = JSON.parse(line.slice(5)) as { type: string; data?: { deviceId?: string } };
        if (event.type === 'alert' && event.data?.deviceId) onAlert(event.data.deviceId);
      }
    }
  })();
  return abort;
}

export async function alertLatencyCase(c: LatencyCase): Promise<LatencyResult> {
  const group = new ProcessGroup();
  const file = join(mkdtempSync(join(tmpdir(), 'lobby-bench-db-')), 'central.sqlite');
  try {
    const external = c.broker === 'mosquitto' ? (await startMosquitto(group)).url : undefined;
    const server = await startCentral(group, c.broker, { engine: 'sqlite', url: `sqlite:${file}`, path: file }, {}, external);
    const prefix = `BL${Date.now().toString(36).slice(-5)}`;
    const [faultAgent, ...background] = await createAgents(server, prefix, 11, c.broker === 'embedded');
    const devicesPerAgent = 10;
    const statusesPerDevice = Math.ceil((c.backgroundPerSecond * c.backgroundSeconds) / (background.length * devicesPerAgent));
    const load = await startLoad(group, { url: server.mqttUrl, agents: background, devicesPerAgent, statusesPerDevice, mode: 'mix', rate: c.backgroundPerSecond });
    const client = await mqtt.connectAsync(server.mqttUrl, { protocolVersion: 4, clientId: `agent-${faultAgent.branch}`, username: faultAgent.username, password: faultAgent.password });
    const devices = Array.from({ length: c.faults }, (_, i) => ({ id: `${faultAgent.branch}-F${i}`, kind: 'ticket-printer' }));
    let seq = 0;
    await client.publishAsync(Topics.agentState(faultAgent.branch), JSON.stringify({ online: true, seq: ++seq, bootId: 'bench', ts: new Date().toISOString(), agentVersion: 'bench', devices }), { qos: 1, retain: true });
    await until(async () => (await server.http.get(`/api/devices?branch=${faultAgent.branch}&limit=1`)).body.total >= c.faults, 30_000, 'fault devices registered');
    const status = (paper: 'ok' | 'out') => ({ kind: 'ticket-printer', link: 'up', state: paper === 'ok' ? 'ok' : 'fault', faults: [], consumables: { paper: { level: paper } }, counters: { ticketsPrinted: 1 } });
    for (const device of devices) await client.publishAsync(Topics.deviceStatus(faultAgent.branch, device.id), JSON.stringify({ seq: ++seq, ts: new Date().toISOString(), ...status('ok') }), { qos: 1 });
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const stream = await openStream(server.http.baseUrl, server.token, (deviceId) => {
      const at = sentAt.get(deviceId);
      if (at !== undefined) latencies.push(Date.now() - at);
      sentAt.delete(deviceId);
    });
    load.go();
    const spacing = (c.backgroundSeconds * 1000 * 0.8) / c.faults;
    await delay(c.backgroundSeconds * 100);
    for (const device of devices) {
      sentAt.set(device.id, Date.now());
      await client.publishAsync(Topics.deviceStatus(faultAgent.branch, device.id), JSON.stringify({ seq: ++seq, ts: new Date().toISOString(), ...status('out') }), { qos: 1 });
      await delay(spacing);
    }
    const sent = await load.done;
    await until(() => Promise.resolve(sentAt.size === 0), 30_000, 'every injected fault seen on the stream').catch(() => undefined);
    stream.abort();
    await client.endAsync();
    await server.close();
    const q = quantiles(latencies);
    const achievedPerSecond = Math.round(sent.sent / ((sent.finishedAt - sent.startedAt) / 1000));
    return { ...c, achievedPerSecond, measured: latencies.length, p50Ms: q.p50, p99Ms: q.p99, maxMs: q.max };
  } finally {
    await group.killAll();
  }
}
