import { JsonLogger, ManualClock } from '@lobby/runtime';
import { CentralStateTracker } from './central-state';

const state = (body: unknown, retain = false) => ({ topic: 'lobby/v1/central/state', payload: Buffer.from(JSON.stringify(body)), retain });

describe('CentralStateTracker', () => {
  let clock: ManualClock;
  let connected: boolean;
  let changes: boolean[];
  let tracker: CentralStateTracker;

  beforeEach(() => {
    clock = new ManualClock();
    connected = true;
    changes = [];
    tracker = new CentralStateTracker({
      clock,
      logger: new JsonLogger('test', 'error'),
      graceMs: 3000,
      isConnected: () => connected,
      onChange: () => changes.push(tracker.listening),
    });
    tracker.connected();
  });

  it('assumes the centre listens when no state is retained within the grace', () => {
    tracker.startGrace();
    clock.advance(2999);
    expect(tracker.listening).toBe(false);
    clock.advance(1);
    expect(changes).toEqual([true]);
  });

  it('follows the retained and live states, telling each change once', () => {
    tracker.startGrace();
    tracker.heard(state({ online: false }, true));
    clock.advance(5000);
    expect(changes).toEqual([false]);
    tracker.heard(state({ online: true, ts: new Date(clock.now() - 1500).toISOString() }));
    tracker.heard(state({ online: true }));
    expect(changes).toEqual([false, true]);
    expect(tracker.clockSkewMs).toBe(1500);
  });

  it('counts a malformed state and changes nothing', () => {
    tracker.heard({ topic: 'lobby/v1/central/state', payload: Buffer.from('{"online":"yes"}'), retain: true });
    expect(tracker.invalidStates).toBe(1);
    expect(changes).toEqual([]);
  });

  it('forgets the state on a reconnect, and a grace that ends after the link went down does nothing', () => {
    tracker.heard(state({ online: true }));
    tracker.disconnected();
    expect(tracker.listening).toBe(false);
    tracker.connected();
    tracker.startGrace();
    connected = false;
    clock.advance(5000);
    expect(changes).toEqual([true]);
  });
});
