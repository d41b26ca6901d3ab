import { join } from 'node:path';
import { ConfigError } from '@lobby/platform';
import { loadAlertingConfig, parseAlertingConfig } from './alerting-config';

const SHIPPED = join(__dirname, '../../../../config/alert-rules.yaml');

describe('parseAlertingConfig', () => {
  it('ships config/alert-rules.yaml equal to the built-in defaults (no drift)', () => {
    expect(loadAlertingConfig(SHIPPED, true)).toEqual(parseAlertingConfig({}));
  });

  it('has the issue table as defaults', () => {
    const config = parseAlertingConfig({});
    const byId = new Map(config.rules.map((r) => [r.id, r]));
    expect(byId.get('paper-out')?.alert).toMatchObject({ severity: 'major', severityByKind: { 'ticket-printer': 'critical' } });
    expect(byId.get('device-offline')).toMatchObject({ raiseDelaySeconds: 120, task: { kind: 'repair', afterSeconds: 900 } });
    expect(byId.get('door-open')).toMatchObject({ raiseDelaySeconds: 300 });
    expect(byId.get('protocol-error')?.task).toMatchObject({ afterSeconds: 3600 });
    expect(config.tasks.deadlines.critical).toEqual({ responseMs: 30 * 60_000, resolveMs: 4 * 3600_000 });
    expect(config.tasks.deadlines.warning).toEqual({ responseMs: 4 * 3600_000, resolveMs: 24 * 3600_000 });
    expect(config.startupGraceMs).toBe(90_000);
    expect(config.preOpeningMs).toBe(60 * 60_000);
  });

  it('patches a default rule by id and turns one off', () => {
    const config = parseAlertingConfig({ rules: [{ id: 'paper-low', raiseDelaySeconds: 3 }, { id: 'seq-gap', enabled: false }] });
    expect(config.rules.find((r) => r.id === 'paper-low')).toMatchObject({ raiseDelaySeconds: 3, clearDelaySeconds: 30, alert: { type: 'paper-low' } });
    expect(config.rules.find((r) => r.id === 'seq-gap')).toBeUndefined();
  });

  it('adds a new complete rule and refuses an incomplete one or a bad value, naming it', () => {
    const added = parseAlertingConfig({ rules: [{ id: 'cover-quick', when: { type: 'fault', codes: ['recoverable-error'] }, alert: { type: 'recoverable', severity: 'warning' } }] });
    expect(added.rules.at(-1)).toMatchObject({ id: 'cover-quick', raiseDelaySeconds: 0 });
    expect(() => parseAlertingConfig({ rules: [{ id: 'half', alert: { type: 'x', severity: 'minor' } }] })).toThrow(/rule half: when/);
    expect(() => parseAlertingConfig({ escalation: { afterMinutes: -1 } })).toThrow(ConfigError);
    expect(() => parseAlertingConfig({ rules: [{ id: 'twin', when: { type: 'offline' }, alert: { type: 'device-offline', severity: 'minor' } }] })).toThrow(/same alert type device-offline/);
  });

  it('uses the defaults when the default file is missing, and refuses a missing explicit one', () => {
    expect(loadAlertingConfig('/nonexistent/rules.yaml').rules.length).toBeGreaterThan(10);
    expect(() => loadAlertingConfig('/nonexistent/rules.yaml', true)).toThrow(/not found/);
  });
});
