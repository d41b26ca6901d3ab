/**
 * The statuses of the drain scenario, shared by the tool that fills the agent's buffer and the
 * baseline publisher, so both send messages of the same topics and sizes: ticket printers of one
 * branch taking turns, every status a change (the counter moves), as a device channel enqueues
 * them (`{seq, ts, ...reading}`, marked historical when sent from a backlog).
 */
import { Topics } from '@lobby/contracts';
import { planStatus } from './load-publisher';

export const deviceOf = (branch: string, i: number, devices: number): string => `${branch}-D${i % devices}`;

/** Topic and body (without seq) of status number `i` (from 0). */
export function bufferedStatus(branch: string, devices: number, i: number, ts: string): { topic: string; body: Record<string, unknown> } {
  return { topic: Topics.deviceStatus(branch, deviceOf(branch, i, devices)), body: { ts, ...planStatus({ mode: 'flood' }, Math.floor(i / devices)) } };
}

/** The payload as the agent sends it from its backlog: seq first, then the body, `historical: true`. */
export function sentPayload(seq: number, body: Record<string, unknown>): string {
  return JSON.stringify({ seq, ...body, historical: true });
}

/** The seq of a status payload, read from its start (`{"seq":N,…`) without parsing the whole. */
export function seqOf(payload: Buffer): number | undefined {
  const match = /^\{"seq":(\d+)[,}]/.exec(payload.toString('latin1', 0, 32));
  return match ? Number(match[1]) : undefined;
}
