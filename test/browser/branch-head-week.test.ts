// Functions passed to page.evaluate run in the page: they need the DOM types.
/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { eventually } from '../support/eventually';
import type { HttpClient } from '../support/http-client';
import { at, BRANCH, BRANCH_NAME, MON, ReportWeek, SUN } from '../integration/checklists/report-week.scenario';
import { browserAvailable, DashboardTab, launch } from './browser.harness';

jest.setTimeout(300_000);

const WAIT = 20_000;
const run = browserAvailable() ? describe : describe.skip;

/**
 * Issue 12: the branch head's availability figure for a synthetic week matches the one computed by
 * hand. The week is driven into a real central server on its injected clock (the scenario the
 * reports API suite asserts over HTTP); the page reads the real reports API.
 */
run("the branch head's week in Chromium", () => {
  const week = new ReportWeek();
  let browser: Browser;
  let tab: DashboardTab;
  let head: HttpClient;

  beforeAll(async () => {
    await week.start();
    await week.drive();
    head = await week.driven.central.user('head-week', 'branch-head', [BRANCH]);
    // The scenario leaves the ATM unnamed (the page would show its id): named as an admin names devices.
    expect((await week.driven.admin.patch('/api/devices/ATM-R', { name: '大堂自动取款机' })).status).toBe(200);
    browser = await launch();
  });

  afterAll(async () => {
    await tab?.close();
    await browser?.close();
    await week.stop();
  });

  it('shows the hand-computed availability, coverage and figures of the week on the branch page, with no raw codes', async () => {
    tab = await DashboardTab.open(browser, week.driven.central.server.httpUrl);
    const page = tab.page;
    // The page's "today" is the browser's: Sunday evening of the synthetic week, so its 7-day window is Mon–Sun.
    await page.clock.setFixedTime(at(SUN, '20:00'));
    await tab.login('head-week', 'head-week-password');
    await page.waitForURL(/\/branches$/, { timeout: WAIT });

    // Open 40 h; the printer down 1 h + 2 h, the ATM 0.5 h; both silent 2 h (Wed):
    // up 72.5 h of the 76 h with data → 95.4 %; data for 76 h of 80 → coverage 95.0 %.
    const row = page.locator(`[data-branch="${BRANCH}"]`);
    await row.getByText('近7天可用率 95.4%').waitFor({ timeout: WAIT });
    await row.getByRole('link', { name: BRANCH_NAME }).click();
    await page.getByRole('heading', { name: BRANCH_NAME }).waitFor({ timeout: WAIT });

    const figures = page.locator('[data-testid="figures"]');
    const seven = figures.locator('.figure', { hasText: '近7天可用率' });
    await seven.getByText('95.4%').waitFor({ timeout: WAIT });
    expect(await seven.innerText()).toBe('近7天可用率\n95.4%\n数据覆盖 95.0%');
    // The 30 days hold no other day with data: the same figures.
    expect(await figures.locator('.figure', { hasText: '近30天可用率' }).innerText()).toBe('近30天可用率\n95.4%\n数据覆盖 95.0%');
    // Two printer faults, acknowledged after 20 and 40 min; 7 of 10 checklists signed on time.
    expect(await figures.locator('.figure', { hasText: '故障次数' }).locator('.figure-value').innerText()).toBe('2');
    expect(await figures.locator('.figure', { hasText: '平均响应时间' }).locator('.figure-value').innerText()).toBe('30 分钟');
    // Repaired after 60 and 120 min (plus the rule's 15 s clear delay) → 90 min.
    expect(await figures.locator('.figure', { hasText: '平均修复时间' }).locator('.figure-value').innerText()).toMatch(/^9[01] 分钟$/);
    expect(await figures.locator('.figure', { hasText: '检查准时率' }).locator('.figure-value').innerText()).toBe('70.0%');

    // Per device: the printer up 35 h of 38 → 92.1 %; the ATM 37.5 h of 38 → 98.7 %.
    const printer = page.getByRole('row', { name: /取号机 1/ });
    await printer.waitFor({ timeout: WAIT });
    expect((await printer.getByRole('cell').allInnerTexts()).slice(0, 3)).toEqual(['取号机 · 取号机 1', '92.1%', '92.1%']);
    const atm = page.getByRole('row', { name: /大堂自动取款机/ });
    expect((await atm.getByRole('cell').allInnerTexts()).slice(0, 3)).toEqual(['自助设备 · 大堂自动取款机', '98.7%', '98.7%']);
    await page.getByRole('img', { name: '每日可用率' }).locator('canvas').waitFor({ timeout: WAIT });
    await page.getByRole('img', { name: '耗材用量（按天）' }).locator('canvas').waitFor({ timeout: WAIT });

    const text = await page.locator('body').innerText();
    for (const raw of [BRANCH, 'TP-R', 'ATM-R', 'ticket-printer', 'cash-dispenser', 'cutter-error', 'mechanical-error', 'NaN', 'undefined']) {
      expect([raw, text.includes(raw)]).toEqual([raw, false]);
    }
    await tab.screenshots('branch-head-branch');
    // Narrowed to a phone's width, the page (charts included) fits it: no sideways scrolling.
    await page.setViewportSize({ width: 360, height: 780 });
    await eventually(async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360), 5_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await tab.accessibilityViolations()).toEqual([]);
    expect(tab.problems).toEqual([]);
  });

  it('prints the daily log and the monthly report in Chinese, as the branch head opens them', async () => {
    const printed = await DashboardTab.open(browser, week.driven.central.server.httpUrl);
    try {
      const pages = [
        { name: 'daily-log', url: `/api/branches/${BRANCH}/daily-log?date=${MON}`, heading: '大堂经理工作日志（设备部分）', sees: ['切刀故障', '营业前检查', '客流（取号机取号数）'] },
        { name: 'monthly-report', url: `/api/reports/monthly?branch=${BRANCH}&month=2026-12`, heading: '设备月报', sees: ['大堂自动取款机', '工单及时限', '大堂经理工作日志'] },
      ];
      for (const { name, url, heading, sees } of pages) {
        const response = await head.request('GET', url, undefined, { accept: 'text/html' });
        expect([url, response.status]).toEqual([url, 200]);
        await printed.page.setContent(response.text, { waitUntil: 'load' });
        await printed.page.getByRole('heading', { name: heading, exact: true }).waitFor({ timeout: WAIT });
        const text = await printed.page.locator('body').innerText();
        for (const words of [BRANCH_NAME, ...sees]) expect([name, words, text.includes(words)]).toEqual([name, words, true]);
        // No English word or code a user did not type (device ids, the cassette's unit and usernames are typed by people).
        const typed = new Set(['TP-R', 'ATM-R', 'CASS1', 'mgr-rep']);
        expect([name, (text.match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []).filter((w) => !typed.has(w))]).toEqual([name, []]);
        await printed.screenshots(name);
      }
      expect(printed.problems).toEqual([]);
    } finally {
      await printed.close();
    }
  });
});
