import { availabilityCoverage, availabilityRatio, availabilitySplit, StatePoint } from './availability';
import { buildDailyLog, DailyLogInputs } from './daily-log.builder';
import { renderDailyLogHtml } from './daily-log.html';

const H = 3_600_000;
const day = { from: Date.parse('2026-11-29T16:00:00Z'), to: Date.parse('2026-11-30T16:00:00Z') };
const opensAt = Date.parse('2026-11-30T01:00:00Z'); // 09:00 Shanghai
const closesAt = opensAt + 8 * H;
const p = (offsetH: number, link: StatePoint['link'], state: StatePoint['state']): StatePoint => ({ ts: opensAt + offsetH * H, link, state });

describe(availabilitySplit.name, () => {
  it('counts link-up, working time over the window; the state before opening carries in', () => {
    const split = availabilitySplit(p(-10, 'up', 'ok'), [p(2, 'up', 'fault'), p(3, 'up', 'ok'), p(6, 'down', 'ok'), p(6.5, 'up', 'warning')], { from: opensAt, to: closesAt });
    expect(split).toEqual({ availableMs: 6.5 * H, unavailableMs: 1.5 * H, unknownMs: 0 });
  });

  it('calls time before the first known status unknown, and a switched-off device unavailable', () => {
    expect(availabilitySplit(null, [p(1, 'up', 'ok')], { from: opensAt, to: closesAt })).toEqual({ availableMs: 7 * H, unavailableMs: 0, unknownMs: H });
    expect(availabilitySplit(p(-1, 'up', 'power-off'), [], { from: opensAt, to: closesAt }).unavailableMs).toBe(8 * H);
  });

  it('calls an agent silence unknown, except where replayed statuses fall inside it; the last status holds again after it', () => {
    const silences = [{ from: opensAt + 2 * H, to: opensAt + 4 * H }, { from: opensAt + 6 * H, to: opensAt + 7 * H }];
    const split = availabilitySplit(p(-1, 'up', 'ok'), [p(1, 'up', 'fault'), p(6.5, 'up', 'ok')], { from: opensAt, to: closesAt }, silences);
    // 0–1 ok, 1–2 fault, 2–4 silent, 4–6 fault again, 6–6.5 silent, 6.5–8 ok (replayed inside the silence)
    expect(split).toEqual({ availableMs: 2.5 * H, unavailableMs: 3 * H, unknownMs: 2.5 * H });
    expect(availabilityRatio(split)).toBe(0.4545);
    expect(availabilityCoverage(split, 8 * H)).toBe(0.6875);
  });
});

describe(buildDailyLog.name, () => {
  const input: DailyLogInputs = {
    branch: { id: 'BJ', name: '北京朝阳支行', timezone: 'Asia/Shanghai' },
    date: '2026-11-30',
    day,
    opening: { opensAt, closesAt },
    now: closesAt + H,
    final: true,
    alerts: [
      { id: 'a1', deviceId: 'TP-1', type: 'paper-out', code: null, severity: 'critical', message: 'TP-1 缺纸', raisedAt: opensAt + 2 * H, clearedAt: opensAt + 2.5 * H },
      { id: 'a0', deviceId: 'ATM-1', type: 'fault', code: 'hardware-error', severity: 'major', message: 'since yesterday', raisedAt: day.from - 5 * H, clearedAt: opensAt },
      { id: 'a2', deviceId: null, type: 'checklist-overdue', code: 'opening', severity: 'minor', message: '<b>late</b>', raisedAt: opensAt, clearedAt: null },
      { id: 'old', deviceId: 'TP-1', type: 'paper-low', code: null, severity: 'warning', message: 'old', raisedAt: day.from - 9 * H, clearedAt: day.from - 8 * H },
    ],
    tasks: [
      { id: 't1', kind: 'refill', deviceId: 'TP-1', problem: 'paper-out', severity: 'critical', status: 'resolved', createdAt: opensAt + 2 * H, resolvedAt: opensAt + 2.5 * H },
      { id: 't0', kind: 'repair', deviceId: 'ATM-1', problem: 'fault:hardware-error', severity: 'major', status: 'resolved', createdAt: day.from - 5 * H, resolvedAt: opensAt - H },
    ],
    checklists: [],
    devices: [{ id: 'TP-1', kind: 'ticket-printer', name: null, before: p(-1, 'up', 'ok'), points: [p(2, 'up', 'fault'), p(2.5, 'up', 'ok')] }],
    consumables: [{ deviceId: 'TP-1', kind: 'ticket-printer', printed: 380, paperReplaced: 1 }],
  };

  it('lists the day’s incidents with durations inside the day, tasks opened and resolved, and availability', () => {
    const log = buildDailyLog(input);
    expect(log.incidents.map((i) => [i.alertId, i.durationMs, i.ongoing])).toEqual([
      ['a0', opensAt - day.from, false],
      ['a2', 9 * H, true],
      ['a1', 0.5 * H, false],
    ]);
    expect(log.tasks.opened.map((t) => t.id)).toEqual(['t1']);
    expect(log.tasks.resolved.map((t) => t.id)).toEqual(['t0', 't1']);
    expect(log.availability).toEqual([{ deviceId: 'TP-1', kind: 'ticket-printer', name: null, openMs: 8 * H, availableMs: 7.5 * H, unavailableMs: 0.5 * H, unknownMs: 0, ratio: 0.9375, coverage: 1 }]);
    expect(log.opening).toEqual({ opensAt: '2026-11-30T01:00:00.000Z', closesAt: '2026-11-30T09:00:00.000Z' });
  });

  it('renders a printable page, Chinese by default, English on request, escaping what it shows', () => {
    const log = buildDailyLog(input);
    const zh = renderDailyLogHtml(log);
    expect(zh).toContain('大堂经理工作日志');
    expect(zh).toContain('11:00'); // the paper-out at local time
    expect(zh).toContain('93.8%');
    expect(zh).toContain('&lt;b&gt;late&lt;/b&gt;');
    expect(zh).not.toContain('<b>late</b>');
    const en = renderDailyLogHtml(log, 'en');
    expect(en).toContain('Lobby manager work log');
    expect(en).toContain('lang="en"');
  });

  it('has no availability on a holiday', () => {
    const log = buildDailyLog({ ...input, opening: null });
    expect(log.availability[0]).toMatchObject({ openMs: 0, ratio: null });
    expect(renderDailyLogHtml(log)).toContain('休息日');
  });
});
