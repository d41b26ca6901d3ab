import { Topics } from '@lobby/contracts';
import { RollupJob } from '@lobby/checklists';
import { HttpClient, JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { dispenser, DrivenAgent, DrivenCentral, local, printer } from './support';

export const ZONE = 'Asia/Shanghai';
export const BRANCH = 'REP-1';
export const OTHER = 'REP-2';
export const BRANCH_NAME = '报表测试支行';
export const MON = '2026-11-30';
export const SUN = '2026-12-06';
export const WEEK = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'];
const [, TUE, WED, THU, FRI] = WEEK;
export const H = 3_600_000;
export const MIN = 60_000;
const STEP = 30 * MIN;
const DEVICES = [
  { id: 'TP-R', kind: 'ticket-printer' },
  { id: 'ATM-R', kind: 'cash-dispenser' },
];

/** Branch-local wall time of the synthetic week → epoch ms. */
export const at = (date: string, hhmm: string): number => local(ZONE, date, hhmm);

/**
 * A synthetic week (Mon 2026-11-30 – Sun 2026-12-06) driven into a real central server on the
 * injected clock, then rolled up by the scheduled job. The figures it must give are computed by
 * hand in the comments of `drive` (and asserted by the reports and browser suites):
 * branch availability 72.5 h up, 3.5 h down, 4 h without data → ratio 0.9539, coverage 0.95.
 */
export class ReportWeek {
  driven!: DrivenCentral;
  agent!: DrivenAgent;
  manager!: HttpClient;

  /** The server at Monday 08:00, two branches open Mon–Fri 09:00–17:00, the agent with a printer and an ATM. */
  async start(): Promise<this> {
    this.driven = await new DrivenCentral(at(MON, '08:00')).start();
    const admin = this.driven.admin;
    const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00', '17:00']]));
    expect((await admin.post('/api/branches', { id: BRANCH, name: BRANCH_NAME, openingHours: weekdays })).status).toBe(201);
    expect((await admin.post('/api/branches', { id: OTHER, name: '另一支行', openingHours: weekdays })).status).toBe(201);
    this.agent = await DrivenAgent.connect(this.driven, BRANCH, DEVICES);
    await eventually(async () => expect((await admin.get('/api/devices/ATM-R')).status).toBe(200));
    expect((await admin.patch('/api/devices/TP-R', { name: '取号机 1' })).status).toBe(200);
    this.manager = await this.driven.central.user('mgr-rep', 'lobby-manager', [BRANCH]);
    return this;
  }

  async stop(): Promise<void> {
    await this.agent?.end();
    await this.driven?.stop();
  }

  /** Drives the whole week, then runs the rollup job at Monday 2026-12-07 00:30. */
  async drive(): Promise<void> {
    const { agent } = this;
    // Open Mon–Fri 09:00–17:00 (8 h, 40 h in the week), closed at the weekend.
    await agent.status('TP-R', printer('ok', 1000));
    await agent.status('ATM-R', dispenser('up'));
    // Mon: opening and closing signed on time; a cutter fault 10:00–11:00, acknowledged after 20 min.
    await this.walkTo(at(MON, '08:45'));
    await this.signOff(MON, 'opening');
    await this.fault(MON, 'cutter-error', '10:00', '10:20', '11:00', 1100);
    await this.walkTo(at(MON, '16:00'));
    await agent.status('TP-R', printer('ok', 1200));
    await this.walkTo(at(MON, '17:15'));
    await this.signOff(MON, 'closing');
    // Tue: opening signed late (09:30), closing on time; the ATM does not answer 14:00–14:30; 300 tickets; a paper roll.
    await this.walkTo(at(TUE, '09:30'));
    await this.signOff(TUE, 'opening');
    await this.walkTo(at(TUE, '10:00'));
    await agent.status('TP-R', printer('ok', 1500));
    await this.walkTo(at(TUE, '12:00'));
    await agent.event('TP-R', 'paper.replaced');
    await this.walkTo(at(TUE, '14:00'));
    await agent.status('ATM-R', dispenser('down'));
    await this.walkTo(at(TUE, '14:30'));
    await agent.status('ATM-R', dispenser('up'));
    await this.walkTo(at(TUE, '17:15'));
    await this.signOff(TUE, 'closing');
    // Wed: opening on time, closing never signed; the branch's agent is silent 13:00–15:00 (no data, not down).
    await this.walkTo(at(WED, '08:45'));
    await this.signOff(WED, 'opening');
    await this.walkTo(at(WED, '13:00'));
    await this.agentOnline(false, () => agent.agent.raw(Topics.agentState(BRANCH), JSON.stringify({ online: false })));
    await this.walkTo(at(WED, '15:00'));
    await this.agentOnline(true, () => agent.agent.birth(DEVICES));
    // Thu: opening never signed, closing on time; a mechanical error 14:00–16:00, acknowledged after 40 min.
    await this.fault(THU, 'mechanical-error', '14:00', '14:40', '16:00', 1500);
    await this.walkTo(at(THU, '17:15'));
    await this.signOff(THU, 'closing');
    // Fri: both on time. Then the weekend, closed.
    await this.walkTo(at(FRI, '08:45'));
    await this.signOff(FRI, 'opening');
    // Fri 16:00 the paper runs low (still serving): a refill task stays open.
    await this.walkTo(at(FRI, '16:00'));
    await this.publish('TP-R', printer('low', 1500));
    await this.walkTo(at(FRI, '17:15'));
    await this.signOff(FRI, 'closing');
    await this.walkTo(at('2026-12-07', '00:30'));
    await this.driven.central.server.app.get(RollupJob).run();
  }

  /** Moves the clock in steps (the scheduler's rounds and the rollup job see every step). */
  async walkTo(target: number): Promise<void> {
    for (let t = this.driven.clock.now() + STEP; t < target; t += STEP) await this.driven.driveTo(t);
    await this.driven.driveTo(target);
  }

  private async alertOf(deviceId: string, code: string): Promise<JsonBody> {
    const list = (await this.driven.admin.get(`/api/alerts?branch=${BRANCH}&device=${deviceId}&state=active&limit=1000`)).body.items as JsonBody[];
    const alert = list.find((a) => a.type === 'fault' && a.code === code);
    if (!alert) throw new Error(`no active ${code} alert on ${deviceId}: ${JSON.stringify(list)}`);
    return alert;
  }

  private async signOff(date: string, kind: 'opening' | 'closing'): Promise<void> {
    const [checklist] = (await this.driven.checklists(this.manager, `branch=${BRANCH}&date=${date}`)).filter((c) => c.kind === kind);
    for (const item of checklist.items.filter((i: JsonBody) => i.mode === 'manual' && !i.done)) {
      expect((await this.manager.patch(`/api/checklists/${checklist.id}/items/${item.id}`, { done: true })).status).toBe(200);
    }
    const signed = await this.manager.post(`/api/checklists/${checklist.id}/sign-off`, {});
    if (signed.status !== 200) throw new Error(`sign-off ${date} ${kind}: ${signed.status} ${signed.text}`);
  }

  /** Publishes a status and waits, without moving the clock, until the centre has it live. */
  private async publish(deviceId: string, status: Record<string, unknown>): Promise<void> {
    await this.agent.status(deviceId, status);
    await eventually(async () => expect((await this.driven.device(deviceId)).state).toBe(status.state));
    await this.driven.driveTo(this.driven.clock.now());
  }

  /** The agent's will or birth, handled before the clock moves on. */
  private async agentOnline(online: boolean, send: () => Promise<unknown>): Promise<void> {
    await send();
    await eventually(async () => expect((await this.driven.admin.get(`/api/branches/${BRANCH}`)).body.agent.online).toBe(online));
  }

  /** A printer fault from `from` to `to`, acknowledged at `ackAt`. */
  private async fault(date: string, code: string, from: string, ackAt: string, to: string, counter: number): Promise<void> {
    await this.walkTo(at(date, from));
    await this.publish('TP-R', { ...printer('ok', counter), state: 'fault', faults: [code] });
    await this.walkTo(at(date, ackAt));
    const alert = await this.alertOf('TP-R', code);
    expect((await this.manager.post(`/api/alerts/${alert.id}/ack`, { note: '已通知维修' })).status).toBe(200);
    await this.walkTo(at(date, to));
    await this.publish('TP-R', printer('ok', counter));
    // The rule's clear delay (15 s) runs out; the clock moves on only once the alert is cleared.
    await eventually(async () => {
      await this.driven.driveTo(this.driven.clock.now() + 5_000);
      const list = (await this.driven.admin.get(`/api/alerts?branch=${BRANCH}&device=TP-R&state=cleared&limit=1000`)).body.items as JsonBody[];
      expect(list.some((a) => a.type === 'fault' && a.code === code)).toBe(true);
    });
  }
}
