import { DomainEventBus } from '@lobby/platform';
import { eventually } from '../../support/eventually';
import { HttpClient } from '../../support/http-client';
import { Agent, AlertingCentral, printer, StreamReader } from './support';

const token = (client: HttpClient) => (client as unknown as { token: string }).token;

/** `GET /api/stream`: live events in each user's scope. */
describe('the live stream (SSE)', () => {
  let host: AlertingCentral;
  let agentA: Agent;
  let agentB: Agent;
  const streams: StreamReader[] = [];

  beforeAll(async () => {
    host = await new AlertingCentral().start();
    agentA = await host.branchWithAgent('BR-SSE-A', [{ id: 'TP-SSE-A', kind: 'ticket-printer' }]);
    agentB = await host.branchWithAgent('BR-SSE-B', [{ id: 'TP-SSE-B', kind: 'ticket-printer' }]);
  });
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await agentA?.end();
    await agentB?.end();
    await host?.stop();
  });

  async function open(username: string, role: string, branches: string[], viaQuery = false): Promise<StreamReader> {
    const client = await host.central.user(username, role, branches);
    const stream = await StreamReader.open(host.central.server.httpUrl, token(client), viaQuery);
    streams.push(stream);
    return stream;
  }

  it('sends each user the alerts, tasks, devices and checklists of their branches, tasks by role', async () => {
    const managerA = await open('sse-manager-a', 'lobby-manager', ['BR-SSE-A']);
    const fixerA = await open('sse-fixer-a', 'maintenance', ['BR-SSE-A'], true);
    const managerB = await open('sse-manager-b', 'lobby-manager', ['BR-SSE-B']);

    await agentA.status('TP-SSE-A', printer({ state: 'fault', faults: ['cutter-error'], consumables: { paper: { level: 'out' } } }));
    await eventually(() => expect(managerA.of('alert').map((e) => e.data.type).sort()).toEqual(['fault', 'paper-out']));
    await eventually(() => expect(managerA.of('task').map((e) => e.data.kind).sort()).toEqual(['refill', 'repair']));
    expect(managerA.of('device').at(-1)).toMatchObject({ branchId: 'BR-SSE-A', data: { id: 'TP-SSE-A', state: 'fault', faults: ['cutter-error'] } });
    await eventually(() => expect(fixerA.of('task').map((e) => e.data.kind)).toEqual(['repair']));
    expect(fixerA.of('alert')).toHaveLength(2);

    await agentA.status('TP-SSE-A', printer());
    await host.tick(31_000);
    await eventually(() => expect(managerA.of('alert.cleared').map((e) => e.data.type).sort()).toEqual(['fault', 'paper-out']));

    host.get(DomainEventBus).emit('checklist.changed', { branchId: 'BR-SSE-A', checklist: { id: 'cl-1', kind: 'opening', complete: false } as never });
    await eventually(() => expect(managerA.of('checklist')).toEqual([{ type: 'checklist', branchId: 'BR-SSE-A', data: { id: 'cl-1', kind: 'opening', complete: false } }]));
    expect(managerB.events.filter((e) => e.branchId !== 'BR-SSE-B')).toEqual([]);
  });

  it('needs a token, in the header or as ?access_token=', async () => {
    expect((await fetch(`${host.central.server.httpUrl}/api/stream`)).status).toBe(401);
    expect((await fetch(`${host.central.server.httpUrl}/api/stream?access_token=nope`)).status).toBe(401);
    // The query token is for the stream only.
    const client = await host.central.user('sse-q', 'lobby-manager', ['BR-SSE-A']);
    expect((await fetch(`${host.central.server.httpUrl}/api/alerts?access_token=${token(client)}`)).status).toBe(401);
  });
});
