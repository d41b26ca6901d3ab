import { DataSource } from 'typeorm';
import { SelfServiceNotifier } from '@lobby/alerting';
import { HttpClient, JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { StreamReader } from '../alerting/support';
import { DrivenAgent, DrivenCentral, HookReceiver, local, CHECKLIST_ENGINES } from '../checklists/support';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
const BRANCH = 'SS-1';
const ATM = 'ATM-1';
const at = (hhmm: string) => local(ZONE, '2026-11-30', hhmm); // a Monday

/** A cash machine's reading: running, or stopped (cassettes empty, the dispenser says stop). */
const atm = (stopped: boolean) => ({
  kind: 'cash-dispenser',
  link: 'up',
  state: stopped ? 'fault' : 'ok',
  faults: stopped ? ['dispenser-stop'] : [],
  consumables: { paper: { level: 'ok' }, ribbon: { level: 'ok' } },
  cash: [{ unit: 'CASS1', currency: 'CNY', denomination: 100, count: stopped ? 0 : 1500, level: stopped ? 'empty' : 'ok' }],
});

const tokenOf = (client: HttpClient) => (client as unknown as { token: string }).token;

describe.each(CHECKLIST_ENGINES)(`${SelfServiceNotifier.name} on $name`, ({ database }) => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;
  let manager: HttpClient;
  let hook: HookReceiver;
  let stream: StreamReader;

  const told = () => hook.received.filter((n: JsonBody) => n.kind === 'self-service.changed');
  const branch = async (client: HttpClient = manager) => {
    await driven.settle();
    return (await client.get(`/api/branches/${BRANCH}`)).body;
  };

  beforeAll(async () => {
    driven = await new DrivenCentral(at('10:00'), database).start();
    await driven.admin.post('/api/branches', { id: BRANCH, name: '分流测试支行' });
    await driven.admin.post('/api/branches', { id: 'SS-OTHER', name: '另一支行' });
    manager = await driven.central.user('mgr-ss', 'lobby-manager', [BRANCH]);
    hook = await new HookReceiver().start();
    await driven.admin.post('/api/webhooks', { url: hook.url, format: 'json', roles: ['lobby-manager'], branches: [BRANCH] });
    agent = await DrivenAgent.connect(driven, BRANCH, [{ id: ATM, kind: 'cash-dispenser' }]);
    await eventually(async () => expect((await driven.admin.get(`/api/devices/${ATM}`)).status).toBe(200));
    stream = await StreamReader.open(driven.central.admin.baseUrl, tokenOf(manager));
  });
  afterAll(async () => {
    stream?.close();
    await agent?.end();
    await hook?.stop();
    await driven?.stop();
  });

  it('shows a branch whose ATM dispenses as 可取款, without telling anyone (nothing changed for the lobby)', async () => {
    await agent.status(ATM, atm(false));
    await eventually(async () => expect((await branch()).selfService).toMatchObject({ state: 'withdraw-only', label: '自助设备仅可取款', notifiedState: 'withdraw-only' }));
    const other = await driven.central.user('mgr-other', 'lobby-manager', ['SS-OTHER']);
    expect((await other.get(`/api/branches/${BRANCH}`)).status).toBe(404);
    expect(told()).toHaveLength(0);
  });

  it('flips the branch to 不可用 on a dispenser stop over MQTT and tells the lobby manager once', async () => {
    driven.clock.set(at('10:05'));
    await agent.status(ATM, atm(true));
    await eventually(async () => expect((await branch()).selfService).toMatchObject({ state: 'unavailable', label: '自助设备不可用' }), 10_000);
    await eventually(() => expect(told()).toHaveLength(1), 10_000);
    expect(told()[0]).toMatchObject({ severity: 'major', branchId: BRANCH });
    expect(JSON.stringify(told()[0])).toContain('请暂停引导客户到自助区');
    await eventually(() => expect(stream.of('self-service').at(-1)?.data).toMatchObject({ state: 'unavailable', label: '自助设备不可用' }));

    // The same stop again (a heartbeat with another count) and a restart do not tell them again.
    driven.clock.set(at('10:06'));
    await agent.status(ATM, { ...atm(true), consumables: { paper: { level: 'low' }, ribbon: { level: 'ok' } } });
    await driven.settle();
    await driven.central.server.app.get(SelfServiceNotifier).check(BRANCH);
    stream.close();
    await agent.end();
    await driven.central.restart();
    agent = await DrivenAgent.connect(driven, BRANCH, [{ id: ATM, kind: 'cash-dispenser' }]);
    await driven.central.server.app.get(SelfServiceNotifier).check(BRANCH);
    manager = await driven.central.user('mgr-ss-2', 'lobby-manager', [BRANCH]);
    stream = await StreamReader.open(driven.central.admin.baseUrl, tokenOf(manager));
    expect((await branch()).selfService).toMatchObject({ state: 'unavailable', notifiedState: 'unavailable' });
    const rows = await driven.central.server.app.get(DataSource).query(`SELECT count(*) AS n FROM notification WHERE kind = 'self-service.changed'`);
    expect(Number(rows[0].n)).toBe(1);
  });

  it('flips back when the machine recovers and tells the lobby manager once to resume', async () => {
    driven.clock.set(at('10:30'));
    await agent.status(ATM, atm(false));
    await eventually(async () => expect((await branch()).selfService).toMatchObject({ state: 'withdraw-only' }), 10_000);
    await eventually(() => expect(told()).toHaveLength(2), 10_000);
    expect(told()[1]).toMatchObject({ severity: 'minor' });
    expect(JSON.stringify(told()[1])).toContain('只引导取款客户到自助区');
    await eventually(() => expect(stream.of('self-service').at(-1)?.data).toMatchObject({ state: 'withdraw-only', previous: 'unavailable' }));
  });

  it('counts a recycler that takes deposits, and keeps quiet at night unless the area is 24-hour', async () => {
    expect((await driven.admin.patch(`/api/devices/${ATM}`, { settings: { takesDeposits: true } })).status).toBe(200);
    await eventually(async () => expect((await branch()).selfService).toMatchObject({ state: 'withdraw-and-deposit', notifiedState: 'withdraw-and-deposit' }), 10_000);
    await eventually(() => expect(told()).toHaveLength(3), 10_000);

    driven.clock.set(at('22:00'));
    await agent.status(ATM, atm(true));
    await eventually(async () => expect((await branch()).selfService).toMatchObject({ state: 'deposit-only', notifiedState: 'withdraw-and-deposit' }), 10_000);
    expect(await driven.central.server.app.get(SelfServiceNotifier).check(BRANCH)).toBe('deposit-only');
    expect((await branch()).selfService.notifiedState).toBe('withdraw-and-deposit');

    const patched = await driven.admin.patch(`/api/branches/${BRANCH}`, { selfService24h: true });
    expect(patched.body).toMatchObject({ selfService24h: true });
    expect(await driven.central.server.app.get(SelfServiceNotifier).check(BRANCH)).toBe('deposit-only');
    expect((await branch()).selfService.notifiedState).toBe('deposit-only');
    await eventually(() => expect(told()).toHaveLength(4), 10_000);
  });

  it('refuses a hostile branch setting and changes nothing', async () => {
    const bad = await driven.admin.patch(`/api/branches/${BRANCH}`, { selfService24h: 'yes', nightPowerOff: ['toaster'] });
    expect(bad.status).toBe(400);
    expect((await branch()).selfService24h).toBe(true);
  });
});
