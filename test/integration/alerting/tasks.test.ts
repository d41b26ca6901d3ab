import { eventually } from '../../support/eventually';
import { HttpClient } from '../../support/http-client';
import { Agent, AlertingCentral, printer, Task, WebhookReceiver } from './support';

const MIN = 60_000;
const HOUR = 60 * MIN;
const fault = (code: string) => printer({ state: 'fault', faults: [code] });

/**
 * Done when: task transitions through the API, illegal ones refused; overdue marking and
 * escalation with the clock moved forward; automatic resolution on recovery; reopening on recurrence.
 */
describe('maintenance tasks', () => {
  let host: AlertingCentral;
  let agent: Agent;
  let fixer: HttpClient;
  let manager: HttpClient;
  let head: HttpClient;
  let cash: HttpClient;
  let stranger: HttpClient;
  let headHook: WebhookReceiver;
  const B = 'BR-TASK';

  beforeAll(async () => {
    host = await new AlertingCentral().start();
    agent = await host.branchWithAgent(B, [
      { id: 'TP-T1', kind: 'ticket-printer' },
      { id: 'TP-T2', kind: 'ticket-printer' },
      { id: 'TP-T3', kind: 'ticket-printer' },
      { id: 'TP-T4', kind: 'ticket-printer' },
      { id: 'TP-T5', kind: 'ticket-printer' },
    ]);
    await host.central.branch('BR-TASK-OTHER');
    fixer = await host.central.user('fixer', 'maintenance', [B]);
    manager = await host.central.user('t-manager', 'lobby-manager', [B]);
    head = await host.central.user('t-head', 'branch-head', [B]);
    cash = await host.central.user('t-cash', 'cash-centre', [B]);
    stranger = await host.central.user('t-stranger', 'maintenance', ['BR-TASK-OTHER']);
    headHook = await new WebhookReceiver().start();
    await host.admin.post('/api/webhooks', { url: headHook.url, format: 'json', roles: ['branch-head'], branches: [B] });
  });
  afterAll(async () => {
    await agent?.end();
    await headHook?.stop();
    await host?.stop();
  });

  async function taskOf(deviceId: string): Promise<Task> {
    const tasks = (await host.tasks(`&device=${deviceId}`)).items;
    expect(tasks).toHaveLength(1);
    return tasks[0];
  }

  it('moves through its lifecycle by API, refuses illegal moves (409) and keeps who, when and why', async () => {
    await agent.status('TP-T1', fault('cutter-error'));
    const task = await taskOf('TP-T1');
    expect(task).toMatchObject({ kind: 'repair', status: 'open', severity: 'major', overdue: false, problem: 'fault:cutter-error' });
    const patch = (client: HttpClient, body: unknown) => client.patch(`/api/tasks/${task.id}`, body);

    expect((await patch(fixer, { status: 'in-progress' })).status).toBe(409);
    expect((await patch(fixer, { status: 'resolved' })).status).toBe(409);
    expect((await patch(fixer, { assignee: 't-manager' })).status).toBe(400); // not a maintenance user
    expect((await patch(fixer, { assignee: 't-stranger' })).status).toBe(400); // not of this branch
    expect((await patch(fixer, { status: 'done' })).status).toBe(400);
    expect((await patch(fixer, {})).status).toBe(400);
    expect((await patch(head, { note: 'hurry' })).status).toBe(403);
    expect((await stranger.patch(`/api/tasks/${task.id}`, { note: 'x' })).status).toBe(404);
    expect((await host.central.http.withToken('x').patch(`/api/tasks/${task.id}`, { note: 'x' })).status).toBe(401);
    expect((await host.admin.get(`/api/tasks/${task.id}`)).body.status).toBe('open'); // nothing changed

    const assigned = await patch(manager, { assignee: 'fixer' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', assignee: 'fixer' });
    await host.tick(5 * MIN);
    expect((await patch(fixer, { status: 'in-progress', note: '到场 on site' })).body.status).toBe('in-progress');
    expect((await patch(fixer, { status: 'closed' })).status).toBe(409);
    expect((await patch(fixer, { note: '等配件 waiting for a cutter' })).body.status).toBe('in-progress');
    expect((await patch(fixer, { status: 'resolved', note: '换切刀 cutter replaced' })).body.status).toBe('resolved');
    expect((await patch(manager, { status: 'closed' })).body.status).toBe('closed');
    expect((await patch(manager, { status: 'open' })).status).toBe(409);
    expect((await patch(manager, { status: 'cancelled' })).status).toBe(409);

    const final = (await head.get(`/api/tasks/${task.id}`)).body as Task;
    expect(final.history.map((h) => [h.by, h.from, h.to, h.note ?? null])).toEqual([
      ['system', null, 'open', expect.stringContaining('切刀故障')],
      ['t-manager', 'open', 'assigned', 'assigned to fixer'],
      ['fixer', 'assigned', 'in-progress', '到场 on site'],
      ['fixer', 'in-progress', 'in-progress', '等配件 waiting for a cutter'],
      ['fixer', 'in-progress', 'resolved', '换切刀 cutter replaced'],
      ['t-manager', 'resolved', 'closed', null],
    ]);
    expect(final.history.every((h) => !Number.isNaN(Date.parse(h.at)))).toBe(true);
  });

  it('shows each role its tasks: maintenance repair, cash centre cash, other branches nothing', async () => {
    await agent.status('TP-T2', printer({ state: 'fault', consumables: { paper: { level: 'out' } } }));
    const refill = await taskOf('TP-T2');
    expect(refill).toMatchObject({ kind: 'refill', severity: 'critical', problem: 'paper' });
    expect((await fixer.get(`/api/tasks/${refill.id}`)).status).toBe(404);
    expect((await fixer.get('/api/tasks?limit=1000')).body.items.every((t: Task) => t.kind === 'repair')).toBe(true);
    expect((await cash.get('/api/tasks?limit=1000')).body).toEqual({ items: [], total: 0 });
    expect((await stranger.get('/api/tasks?limit=1000')).body).toEqual({ items: [], total: 0 });
    expect((await manager.get(`/api/tasks/${refill.id}`)).status).toBe(200);
    expect((await manager.get(`/api/tasks?branch=${B}&status=open&limit=1000`)).body.items.map((t: Task) => t.id)).toContain(refill.id);
    expect((await fixer.patch(`/api/tasks/${refill.id}`, { note: 'x' })).status).toBe(404);
    // The refill goes to a lobby manager; auto-resolved once paper is back.
    expect((await manager.patch(`/api/tasks/${refill.id}`, { assignee: 't-manager' })).body.status).toBe('assigned');
    await agent.status('TP-T2', printer());
    await host.tick(31_000);
    expect((await taskOf('TP-T2')).status).toBe('resolved');
  });

  it('flags overdue tasks and escalates them to the branch head, once per deadline', async () => {
    headHook.received.length = 0;
    await agent.status('TP-T3', fault('mechanical-error'));
    const task = await taskOf('TP-T3');
    const escalations = () => headHook.received.filter((r) => r.body.kind === 'task.overdue' && r.body.deviceId === 'TP-T3');
    await host.tick(2 * HOUR - MIN);
    expect((await taskOf('TP-T3')).overdue).toBe(false);
    await host.tick(2 * MIN);
    expect((await taskOf('TP-T3')).overdue).toBe(true);
    await eventually(() => expect(escalations()).toHaveLength(1));
    expect(String(escalations()[0].body.text)).toContain('前响应，至今待处理');
    await host.tick(HOUR);
    expect(escalations()).toHaveLength(1);
    await fixer.patch(`/api/tasks/${task.id}`, { assignee: 'fixer', status: 'in-progress' });
    await host.tick(6 * HOUR);
    await eventually(() => expect(escalations()).toHaveLength(2));
    expect(String(escalations()[1].body.text)).toContain('前解决，至今');
    expect((await taskOf('TP-T3')).overdue).toBe(true);
  });

  it('keeps a task open while another alert of the same problem is still open (paper low cleared, paper out open)', async () => {
    const paper = (level: string) => printer({ state: level === 'ok' ? 'ok' : level === 'low' ? 'warning' : 'fault', consumables: { paper: { level } } });
    await agent.status('TP-T5', paper('low'));
    await host.tick(11_000);
    const task = await taskOf('TP-T5');
    expect(task).toMatchObject({ kind: 'refill', problem: 'paper', status: 'open' });
    // Low becomes out: the paper-out alert joins the task, the paper-low alert clears after its delay.
    await agent.status('TP-T5', paper('out'));
    await host.tick(31_000);
    const alerts = (await host.alerts('&device=TP-T5')).items;
    expect(alerts.map((a) => [a.type, a.state]).sort()).toEqual([
      ['paper-low', 'cleared'],
      ['paper-out', 'active'],
    ]);
    expect((await taskOf('TP-T5')).status).toBe('open');
    // Paper back: now nothing of the problem is open, and the task resolves itself.
    await agent.status('TP-T5', paper('ok'));
    await host.tick(31_000);
    expect((await taskOf('TP-T5')).status).toBe('resolved');
  });

  it('resolves a task by itself when the device is healthy again, and reopens it when the problem returns within 24 h', async () => {
    await agent.status('TP-T4', fault('paper-jam'));
    const first = await taskOf('TP-T4');
    await fixer.patch(`/api/tasks/${first.id}`, { assignee: 'fixer' });
    await agent.status('TP-T4', printer());
    await host.tick(10_000);
    expect((await taskOf('TP-T4')).status).toBe('assigned'); // the clear delay (15 s) is not over
    await host.tick(6000);
    const resolved = await taskOf('TP-T4');
    expect(resolved.status).toBe('resolved');
    expect(resolved.history.at(-1)).toMatchObject({ by: 'system', from: 'assigned', to: 'resolved', note: expect.stringContaining('工单自动解决') });
    expect((await fixer.patch(`/api/tasks/${first.id}`, { status: 'closed' })).body.status).toBe('closed');

    await host.tick(3 * HOUR);
    await agent.status('TP-T4', fault('paper-jam'));
    const reopened = await taskOf('TP-T4');
    expect(reopened.id).toBe(first.id);
    expect(reopened).toMatchObject({ status: 'open', overdue: false });
    expect(reopened.alertIds).toHaveLength(2);
    expect(reopened.history.at(-1)).toMatchObject({ by: 'system', from: 'closed', to: 'open', note: expect.stringContaining('工单重开') });

    // Recurring while still open: the new alert attaches to the same task.
    await agent.status('TP-T4', printer());
    await host.tick(16_000); // cleared → resolved
    await agent.status('TP-T4', fault('paper-jam'));
    expect((await taskOf('TP-T4'))).toMatchObject({ id: first.id, status: 'open' });
    await fixer.patch(`/api/tasks/${first.id}`, { assignee: 'fixer', status: 'in-progress' });
    await agent.status('TP-T4', printer());
    await host.tick(16_000);
    await fixer.patch(`/api/tasks/${first.id}`, { status: 'closed' });

    // More than 24 h later the same problem is a new task.
    await host.tick(25 * HOUR);
    await agent.status('TP-T4', fault('paper-jam'));
    const tasks = (await host.tasks('&device=TP-T4')).items;
    expect(tasks.map((t) => t.status).sort()).toEqual(['closed', 'open']);
    expect(tasks.find((t) => t.status === 'open')!.id).not.toBe(first.id);
  });
});
