import { parseSimulatorArgs } from './simulator-args';

describe(parseSimulatorArgs.name, () => {
  it('parses a serial simulator with defaults', () => {
    expect(parseSimulatorArgs(['--kind', 'ticket-printer', '--path', '/dev/pts/3'])).toEqual({
      ok: true,
      args: { kind: 'ticket-printer', path: '/dev/pts/3', baudRate: 9600, unitId: 1, autoplay: false },
    });
  });

  it('parses a light box with baud rate, unit id and autoplay', () => {
    expect(parseSimulatorArgs(['--kind', 'light-box', '--path', '/tmp/lb', '--baud', '19200', '--unit-id', '7', '--autoplay'])).toEqual({
      ok: true,
      args: { kind: 'light-box', path: '/tmp/lb', baudRate: 19200, unitId: 7, autoplay: true },
    });
  });

  it('parses a cash dispenser', () => {
    expect(parseSimulatorArgs(['--kind', 'cash-dispenser', '--url', 'mqtt://127.0.0.1:1883', '--device', 'atm-1', '--topic', 'x/y'])).toEqual({
      ok: true,
      args: { kind: 'cash-dispenser', url: 'mqtt://127.0.0.1:1883', deviceId: 'atm-1', topic: 'x/y', autoplay: false },
    });
  });

  it.each([
    [['--path', '/dev/pts/3'], /kind/],
    [['--kind', 'coffee-machine', '--path', '/dev/pts/3'], /kind/],
    [['--kind', 'receipt-box'], /--path is required/],
    [['--kind', 'light-box', '--path', '/tmp/lb', '--unit-id', '300'], /--unit-id/],
    [['--kind', 'light-box', '--path', '/tmp/lb', '--baud', 'fast'], /--baud/],
    [['--kind', 'cash-dispenser', '--url', 'http://x', '--device', 'atm-1'], /url/],
    [['--kind', 'cash-dispenser', '--url', 'mqtt://x'], /--device is required/],
    [['--kind', 'cash-dispenser', '--url', 'mqtt://x', '--device', 'atm-1', '--path', '/dev/pts/1'], /--path does not apply/],
    [['--kind', 'light-box', '--path', '/tmp/lb', '--colour', 'red'], /colour/],
  ])('rejects %j', (argv, reason) => {
    const parsed = parseSimulatorArgs(argv);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toMatch(reason);
  });
});
