import { Topics } from '@lobby/contracts';
import { QueueService } from '@lobby/checklists';
import { QueueSystemSimulator } from '@lobby/devices';
import { HttpClient } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { CHECKLIST_ENGINES, DrivenAgent, DrivenCentral, local } from './support';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
const BRANCH = 'Q-1';
const DATE = '2026-11-30';
const at = (hhmm: string) => new Date(local(ZONE, DATE, hhmm)).toISOString();

/**
 * The optional queue-system topic over MQTT: reports of customers waiting are stored once each,
 * bad ones dropped, and the API flags a wait over the manual's 15 minutes.
 */
describe.each(CHECKLIST_ENGINES)(`${QueueService.name} on $name`, ({ database }) => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;
  let manager: HttpClient;

  beforeAll(async () => {
    driven = await new DrivenCentral(local(ZONE, DATE, '09:00'), database).start();
    await driven.admin.post('/api/branches', { id: BRANCH, name: '排队支行' });
    await driven.admin.post('/api/branches', { id: 'Q-2', name: '另一支行' });
    manager = await driven.central.user('q-manager', 'lobby-manager', [BRANCH]);
    agent = await DrivenAgent.connect(driven, BRANCH, []);
  });
  afterAll(async () => {
    await agent?.end();
    await driven?.stop();
  });

  it('stores each report once, drops bad ones, and flags a wait over 15 minutes', async () => {
    driven.clock.set(local(ZONE, DATE, '10:10'));
    const topic = Topics.queueStatus(BRANCH);
    const first = JSON.stringify({ ts: at('10:00'), waiting: 5, longestWaitS: 300 });
    await agent.agent.raw(topic, first);
    await agent.agent.raw(topic, first); // redelivered: kept once
    await agent.agent.raw(topic, JSON.stringify({ ts: at('10:02'), waiting: -1, longestWaitS: 10 }));
    await agent.agent.raw(topic, 'not json');
    // The simulated queue system: 12 customers, the first waiting since 09:49 (16 minutes by 10:05).
    const queue = new QueueSystemSimulator().arrive(Date.parse(at('09:49'))).arrive(Date.parse(at('10:05')) - 332_000, 11);
    await agent.agent.raw(topic, JSON.stringify({ ...queue.status(Date.parse(at('10:05'))), extra: 'ignored' }));
    const day = await eventually(async () => {
      const body = (await manager.get(`/api/branches/${BRANCH}/queue?date=${DATE}`)).body;
      expect(body.samples).toHaveLength(2);
      return body;
    }, 15_000);
    expect(day).toMatchObject({
      branchId: BRANCH,
      current: { at: at('10:05'), waiting: 12, longestWaitS: 960, meanWaitS: 384, longWait: true }, // mean (960 + 11 × 332) / 12
      maxWaiting: 12,
      maxWaitS: 960,
      longWaitReports: 1,
    });
    expect(day.samples[0]).toMatchObject({ at: at('10:00'), waiting: 5, longWait: false });

    // The daily log shows it too, the long wait flagged on the printable page.
    expect((await manager.get(`/api/branches/${BRANCH}/daily-log?date=${DATE}`)).body.queue).toMatchObject({ maxWaiting: 12, longWaitReports: 1 });
    const page = await manager.request('GET', `/api/branches/${BRANCH}/daily-log?date=${DATE}`, undefined, { accept: 'text/html' });
    expect(page.text).toContain('最多等候人数：12 人 · 最长等候：16 分钟 · 等候超过 15 分钟的时点：1 次');
    expect(page.text).toContain('<tr><td>10:05</td><td>12</td><td>16 分钟</td></tr>');
  });

  it('is scoped to the caller’s branches and refuses bad dates', async () => {
    const other = await driven.central.user('q-other', 'lobby-manager', ['Q-2']);
    expect((await other.get(`/api/branches/${BRANCH}/queue`)).status).toBe(404);
    expect((await manager.get(`/api/branches/${BRANCH}/queue?date=2026-13-01`)).status).toBe(400);
    expect((await manager.get(`/api/branches/Q-2/queue`)).status).toBe(404);
    expect((await other.get(`/api/branches/Q-2/queue`)).body).toMatchObject({ current: null, samples: [], maxWaiting: null });
  });
});
