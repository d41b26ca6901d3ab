import { eventually } from '../../support/eventually';
import { CHECKLIST_ENGINES, DrivenAgent, DrivenCentral, local, printer } from './support';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
const DATE = '2026-11-30'; // a Monday; the branch opens 09:00–17:00, its opening checklist is made at 08:30
const BRANCH = 'FC-REFILL';

type Task = { id: string; deviceId: string; kind: string; problem: string; status: string };

/**
 * Refill tasks planned from the forecast, when the opening checklist is made: a roll that runs out
 * before today's closing gets its task before opening, once; a printer whose paper already has a
 * task (the near-end alert's) gets no second one.
 */
describe.each(CHECKLIST_ENGINES)('refill tasks from the forecast on $name', ({ database }) => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;

  const tasks = async (): Promise<Task[]> => {
    const response = await driven.admin.get(`/api/tasks?branch=${BRANCH}&kind=refill&limit=1000`);
    expect(response.status).toBe(200);
    return response.body.items as Task[];
  };
  /** The problems of the device's tasks still being worked on. */
  const problemsOf = async (deviceId: string): Promise<string[]> =>
    (await tasks()).filter((task) => task.deviceId === deviceId && ['open', 'assigned', 'in-progress'].includes(task.status)).map((task) => task.problem).sort();

  beforeAll(async () => {
    driven = await new DrivenCentral(local(ZONE, DATE, '07:30'), database).start();
    await driven.admin.post('/api/branches', { id: BRANCH, name: '补纸支行' });
    agent = await DrivenAgent.connect(driven, BRANCH, [
      { id: 'TP-SHORT', kind: 'ticket-printer' },
      { id: 'TP-LOW', kind: 'ticket-printer' },
      { id: 'TP-FULL', kind: 'ticket-printer' },
      { id: 'TP-LATER', kind: 'ticket-printer' },
    ]);
    await eventually(async () => expect((await driven.admin.get('/api/devices/TP-FULL')).status).toBe(200));
    // TP-SHORT: a new 300-ticket roll at 60 an opening hour runs out at 14:00, before the 17:00 closing.
    // TP-FULL: a new 800-ticket roll lasts past closing. TP-LOW: the near-end sensor has tripped.
    for (const id of ['TP-SHORT', 'TP-FULL', 'TP-LATER']) {
      if (id !== 'TP-FULL') expect((await driven.admin.patch(`/api/devices/${id}`, { settings: { paperRollCapacity: 300 } })).status).toBe(200);
      await agent.event(id, 'paper.replaced');
      await agent.status(id, printer('ok', 1000));
    }
    await agent.status('TP-LOW', printer('low', 5000));
    // The near-end alert (raised after 10 s) opens its refill task for TP-LOW's paper.
    await eventually(async () => {
      await driven.driveTo(driven.clock.now() + 15_000);
      expect(await problemsOf('TP-LOW')).toEqual(['paper']);
    });
  });
  afterAll(async () => {
    await agent?.end();
    await driven?.stop();
  });

  it('has no forecast task before the opening checklist is made', async () => {
    await driven.driveTo(local(ZONE, DATE, '08:20'));
    expect(await problemsOf('TP-SHORT')).toEqual([]);
  });

  it('opens a refill task for the roll that runs out before closing when the opening checklist is made, and none for the roll that lasts', async () => {
    await driven.driveTo(local(ZONE, DATE, '08:30'));
    expect(await problemsOf('TP-SHORT')).toEqual(['paper-forecast']);
    expect(await problemsOf('TP-LATER')).toEqual(['paper-forecast']);
    expect(await problemsOf('TP-FULL')).toEqual([]);
  });

  it("hands a forecast task over to the near-end alert's task when that comes first after it: one task for one visit", async () => {
    await agent.status('TP-LATER', printer('low', 1250));
    await eventually(async () => {
      await driven.driveTo(driven.clock.now() + 15_000);
      expect(await problemsOf('TP-LATER')).toEqual(['paper']);
    });
    const forecast = (await tasks()).find((task) => task.deviceId === 'TP-LATER' && task.problem === 'paper-forecast')!;
    expect(forecast.status).toBe('resolved');
    const history = (await driven.admin.get(`/api/tasks/${forecast.id}`)).body.history as { note?: string }[];
    expect(history.at(-1)?.note).toBe('同一耗材的告警工单已开出，本预测工单由其接替');
  });

  it('gives a printer whose paper already has a task no second one', async () => {
    expect((await driven.device('TP-LOW')).forecast.paper.runsOutAt).not.toBeNull();
    expect(await problemsOf('TP-LOW')).toEqual(['paper']);
  });

  it('plans each task once a day: a task cancelled by a person is not opened again at the next planning', async () => {
    const planned = (await tasks()).find((task) => task.deviceId === 'TP-SHORT' && task.problem === 'paper-forecast')!;
    expect((await driven.admin.patch(`/api/tasks/${planned.id}`, { status: 'cancelled', note: '今天不换' })).status).toBe(200);
    // Planning runs again 30 minutes after the last one during the day; the forecast still says 14:00.
    await driven.driveTo(local(ZONE, DATE, '09:10'));
    await driven.driveTo(local(ZONE, DATE, '10:30'));
    expect(await problemsOf('TP-SHORT')).toEqual([]);
    expect((await tasks()).filter((task) => task.deviceId === 'TP-SHORT').map((task) => task.status)).toEqual(['cancelled']);
  });
});
