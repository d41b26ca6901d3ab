import { AgentSubscriptions, Topics } from '@lobby/contracts';
import { NightPowerOff } from '@lobby/checklists';
import { HttpClient, JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { DrivenAgent, DrivenCentral, local, printer, receiptBox, CHECKLIST_ENGINES } from '../checklists/support';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
const BRANCH = 'NP-1';
const at = (hhmm: string) => local(ZONE, '2026-11-30', hhmm); // a Monday, open 09:00-17:00
const item = (checklist: JsonBody, id: string): JsonBody => checklist.items.find((i: JsonBody) => i.id === id);

describe.each(CHECKLIST_ENGINES)(`${NightPowerOff.name} on $name`, ({ database }) => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;
  let manager: HttpClient;
  /** What the test agent answers to each command, by device. */
  const answers: Record<string, { ok: boolean; error?: string }> = { 'TP-1': { ok: true }, 'RB-1': { ok: false, error: 'device did not confirm the power-off' } };

  const closing = async () => (await driven.checklists(manager, `branch=${BRANCH}&date=2026-11-30&kind=closing`))[0];
  const powerOffs = () => agent.commands.filter((c) => c.action === 'power.off');

  beforeAll(async () => {
    driven = await new DrivenCentral(at('08:00'), database).start();
    await driven.admin.post('/api/branches', { id: BRANCH, name: '关机测试支行', nightPowerOff: ['ticket-printer'] });
    agent = await DrivenAgent.connect(driven, BRANCH, [
      { id: 'TP-1', kind: 'ticket-printer' },
      { id: 'TP-2', kind: 'ticket-printer' },
      { id: 'RB-1', kind: 'receipt-box' },
    ]);
    // The test agent answers each power.off as the device would.
    agent.agent.client.on('message', (topic, payload) => {
      const deviceId = topic.split('/')[4];
      const command = JSON.parse(payload.toString()) as { id: string; action: string };
      if (command.action !== 'power.off' || !answers[deviceId]) return;
      const result = { id: command.id, ...answers[deviceId], ts: new Date(driven.clock.now()).toISOString() };
      void agent.agent.raw(Topics.deviceCmdResult(BRANCH, deviceId), JSON.stringify(result));
    });
    await agent.agent.client.subscribeAsync(AgentSubscriptions.commands(BRANCH), { qos: 1 });
    await eventually(async () => expect((await driven.admin.get('/api/devices/RB-1')).status).toBe(200));
    // TP-2 stays on at night (its own setting beats the branch's kinds); RB-1 is switched off by its own setting.
    expect((await driven.admin.patch('/api/devices/TP-2', { settings: { nightPowerOff: false } })).status).toBe(200);
    expect((await driven.admin.patch('/api/devices/RB-1', { settings: { nightPowerOff: true } })).status).toBe(200);
    await agent.status('TP-1', printer('ok', 100));
    await agent.status('TP-2', printer('ok', 100));
    await agent.status('RB-1', receiptBox(1000));
    manager = await driven.central.user('mgr-np', 'lobby-manager', [BRANCH]);
    expect((await driven.admin.get(`/api/branches/${BRANCH}`)).body.nightPowerOff).toEqual(['ticket-printer']);
  });
  afterAll(async () => {
    await agent?.end();
    await driven?.stop();
  });

  const signOff = async (checklist: JsonBody) => {
    for (const manual of checklist.items.filter((i: JsonBody) => i.mode === 'manual')) {
      expect((await manager.patch(`/api/checklists/${checklist.id}/items/${manual.id}`, { done: true })).status).toBe(200);
    }
    const signed = await manager.post(`/api/checklists/${checklist.id}/sign-off`, {});
    expect(signed.status).toBe(200);
  };

  it('switches nothing off before the closing checklist is signed off', async () => {
    await driven.driveTo(at('17:05'));
    const checklist = await closing();
    expect(checklist.complete).toBe(false);
    await driven.central.server.app.get(NightPowerOff).tick();
    expect(powerOffs()).toEqual([]);
    expect(checklist.items.filter((i: JsonBody) => i.id.startsWith('power-off.'))).toEqual([]);
  });

  it('after sign-off sends power.off to the marked devices and records each result in the checklist', async () => {
    await signOff(await closing());
    await eventually(() => expect(powerOffs().map((c) => c.deviceId).sort()).toEqual(['RB-1', 'TP-1']));
    await eventually(async () => {
      const checklist = await closing();
      expect(item(checklist, 'power-off.TP-1')).toMatchObject({ done: true, doneBy: 'system', reasons: { zh: '已关机', en: 'switched off' } });
      expect(item(checklist, 'power-off.TP-1')?.titles.zh).toBe('营业后关机：TP-1');
      expect(item(checklist, 'power-off.RB-1')).toMatchObject({ done: false, reasons: { zh: '关机失败（device did not confirm the power-off）：请到现场关机' } });
      // The template's check that the printer is off now holds too.
      expect(item(checklist, 'powered-off.TP-1')).toMatchObject({ done: true });
      expect(item(checklist, 'power-off.TP-2')).toBeUndefined();
    });
    const sent = powerOffs().find((c) => c.deviceId === 'TP-1')!;
    expect((await manager.get(`/api/commands/${sent.id}`)).body).toMatchObject({ action: 'power.off', status: 'succeeded', issuedBy: 'system' });
  });

  it('does not send it twice: the next rounds and a sign-off event again change nothing', async () => {
    const service = driven.central.server.app.get(NightPowerOff);
    await driven.driveTo(at('17:30'));
    await service.tick();
    await service.switchOff((await service['db'].getRepository('checklist').findOneByOrFail({ branchId: BRANCH, kind: 'closing' })) as never);
    expect(powerOffs()).toHaveLength(2);
  });
});
