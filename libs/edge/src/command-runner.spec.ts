import { CommandResult } from '@lobby/contracts';
import { JsonLogger, ManualClock } from '@lobby/runtime';
import { CommandRunner } from './command-runner';
import { FakeDeviceDriver } from './testing/fake-device.driver';

describe(CommandRunner.name, () => {
  const clock = new ManualClock(Date.parse('2026-11-28T01:00:00Z'));
  let driver: FakeDeviceDriver;
  let results: { topic: string; result: CommandResult }[];
  let runner: CommandRunner;

  beforeEach(() => {
    driver = new FakeDeviceDriver('lb-1', 'light-box', ['status.refresh', 'lamp.on']);
    results = [];
    runner = new CommandRunner({
      branch: 'b1',
      clock,
      logger: new JsonLogger('test', 'error'),
      driver: (id) => (id === 'lb-1' ? driver : undefined),
      publish: (topic, payload) => results.push({ topic, result: JSON.parse(payload) as CommandResult }),
    });
  });

  const command = (patch: Record<string, unknown> = {}) =>
    JSON.stringify({ id: 'c1', action: 'lamp.on', expiresAt: new Date(clock.now() + 60_000).toISOString(), ...patch });

  it('runs a valid command and answers ok on cmd/result', async () => {
    await runner.handle('lb-1', command({ args: { x: 1 } }));
    expect(driver.executed).toEqual([{ action: 'lamp.on', args: { x: 1 } }]);
    expect(results).toEqual([{ topic: 'lobby/v1/b1/device/lb-1/cmd/result', result: { id: 'c1', ok: true, ts: clock.isoNow() } }]);
  });

  it('never runs a command past its expiresAt and answers expired', async () => {
    await runner.handle('lb-1', command({ expiresAt: new Date(clock.now() - 1).toISOString() }));
    expect(driver.executed).toEqual([]);
    expect(results[0].result).toEqual({ id: 'c1', ok: false, error: 'expired', ts: clock.isoNow() });
  });

  it('treats expiresAt equal to now as expired', async () => {
    await runner.handle('lb-1', command({ expiresAt: clock.isoNow() }));
    expect(driver.executed).toEqual([]);
    expect(results[0].result.error).toBe('expired');
  });

  it('runs the same command id once', async () => {
    await runner.handle('lb-1', command());
    await runner.handle('lb-1', command());
    expect(driver.executed).toHaveLength(1);
    expect(results.map((r) => r.result.ok)).toEqual([true, true]);
  });

  it('answers unknown device for a device not on this agent', async () => {
    await runner.handle('other', command());
    expect(results[0].result).toMatchObject({ id: 'c1', ok: false, error: 'unknown device' });
  });

  it('answers an unsupported action with the reason', async () => {
    await runner.handle('lb-1', command({ action: 'ribbon.reset' }));
    expect(driver.executed).toEqual([]);
    expect(results[0].result).toMatchObject({ ok: false, error: 'light-box lb-1 does not support ribbon.reset' });
  });

  it('answers a driver failure with its message', async () => {
    driver.execute = () => Promise.reject(new Error('light box did not answer'));
    await runner.handle('lb-1', command());
    expect(results[0].result).toMatchObject({ ok: false, error: 'light box did not answer' });
  });

  it('counts an invalid command and answers it when it has an id', async () => {
    await runner.handle('lb-1', JSON.stringify({ id: 'c9', action: 'explode', expiresAt: clock.isoNow() }));
    expect(runner.invalid).toBe(1);
    expect(results[0].result).toMatchObject({ id: 'c9', ok: false });
    expect(results[0].result.error).toMatch(/^invalid command: action/);
  });

  it('counts and otherwise ignores garbage', async () => {
    await runner.handle('lb-1', Buffer.from([0xff, 0x00, 0x7b]));
    await runner.handle('lb-1', '{"action":"lamp.on"}');
    expect(runner.invalid).toBe(2);
    expect(results).toEqual([]);
  });
});
