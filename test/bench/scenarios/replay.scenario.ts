/**
 * Replay: `agents` agents reconnect at once after an outage, each with `buffered` statuses to
 * send (8 in flight per agent, as the edge agent's in-order sender). Time from the first publish
 * until the centre has stored every one, beside the same load to a bare mqtt.js subscriber on
 * the same broker (the baseline). Built on the ingest scenario's two runs.
 */
import { Broker } from '../bench-harness';
import { ingestCase } from './ingest.scenario';

export interface ReplayCase {
  broker: Broker;
  agents: number;
  buffered: number;
}

export interface ReplayResult extends ReplayCase {
  statuses: number;
  baselineSeconds: number;
  centralSeconds: number;
  /** central / baseline time (target ≤ 2). */
  timeRatio: number;
  centralRssMb: number;
  centralCpuSeconds: number;
}

const IN_FLIGHT = 8;

export async function replayCase(c: ReplayCase): Promise<ReplayResult> {
  const r = await ingestCase({ broker: c.broker, engine: 'sqlite', mode: 'flood', agents: c.agents, devicesPerAgent: IN_FLIGHT, statusesPerDevice: Math.ceil(c.buffered / IN_FLIGHT) });
  const baselineSeconds = r.statuses / r.baselinePerSecond;
  return {
    ...c,
    statuses: r.statuses,
    baselineSeconds: Math.round(baselineSeconds * 100) / 100,
    centralSeconds: Math.round(r.centralSeconds * 100) / 100,
    timeRatio: Math.round((r.centralSeconds / baselineSeconds) * 100) / 100,
    centralRssMb: r.centralRssMb,
    centralCpuSeconds: r.centralCpuSeconds,
  };
}
