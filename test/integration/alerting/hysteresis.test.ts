import { AlertingCentral, printer } from './support';

const paper = (level: 'ok' | 'low') => printer({ state: level === 'ok' ? 'ok' : 'warning', consumables: { paper: { level } } });

/** Done when: paper toggling low/ok every second for 30 s with a 10 s raise delay raises no alert. */
describe('raise and clear delays (hysteresis)', () => {
  let host: AlertingCentral;
  beforeAll(async () => {
    host = await new AlertingCentral({ rules: { rules: [{ id: 'paper-low', raiseDelaySeconds: 10, clearDelaySeconds: 10 }] } }).start();
  });
  afterAll(async () => host?.stop());

  it('raises nothing for paper toggling low/ok every second for 30 s', async () => {
    const agent = await host.branchWithAgent('BR-FLAP', [{ id: 'TP-FLAP', kind: 'ticket-printer' }]);
    for (let second = 0; second < 30; second++) {
      await agent.status('TP-FLAP', paper(second % 2 === 0 ? 'low' : 'ok'));
      await host.tick(1000);
    }
    await host.tick(60_000);
    expect((await host.alerts('&device=TP-FLAP')).items).toEqual([]);
    expect((await host.tasks('&device=TP-FLAP')).items).toEqual([]);
    await agent.end();
  });

  it('raises after the condition held for the raise delay, and clears only after it stayed false for the clear delay', async () => {
    const agent = await host.branchWithAgent('BR-HOLD', [{ id: 'TP-HOLD', kind: 'ticket-printer' }]);
    await agent.status('TP-HOLD', paper('low'));
    await host.tick(9000);
    expect((await host.alerts('&device=TP-HOLD')).items).toEqual([]);
    await host.tick(1000);
    expect((await host.alerts('&device=TP-HOLD')).items.map((a) => [a.type, a.state, a.severity])).toEqual([['paper-low', 'active', 'warning']]);
    // Flapping back to ok for less than the clear delay keeps the one alert.
    for (let second = 0; second < 20; second++) {
      await agent.status('TP-HOLD', paper(second % 2 === 0 ? 'ok' : 'low'));
      await host.tick(1000);
    }
    expect((await host.alerts('&device=TP-HOLD')).items.map((a) => a.state)).toEqual(['active']);
    await agent.status('TP-HOLD', paper('ok'));
    await host.tick(9000);
    expect((await host.alerts('&device=TP-HOLD')).items.map((a) => a.state)).toEqual(['active']);
    await host.tick(1500);
    expect((await host.alerts('&device=TP-HOLD')).items.map((a) => a.state)).toEqual(['cleared']);
    await agent.end();
  });
});
