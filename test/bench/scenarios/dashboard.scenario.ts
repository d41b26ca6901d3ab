/**
 * The dashboard's figures: the gzipped JavaScript of the lobby manager's first screen, the time
 * from "log in" to that screen's live alerts (Debian's Chromium, headless) on a 1,000-device
 * fleet, and the reports API for one branch over a month and for every branch of a large fleet.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startMosquitto } from '../../support/mosquitto';
import { ProcessGroup } from '../../support/processes';
import { createAgents, quantiles, ROOT, startCentral, startLoad, until } from '../bench-harness';

export interface DashboardCase {
  branches: number;
  /** Devices of the lobby manager's own branch; every other branch has `devicesPerOtherBranch`. */
  devicesPerOtherBranch: number;
  pageLoads: number;
}

export interface DashboardResult extends DashboardCase {
  devices: number;
  firstScreenJsGzipKb: number;
  allJsGzipKb: number;
  loginToAlertsMs: { p50: number; max: number } | null;
  reportBranchMonthMs: { p50: number; max: number };
  reportAllBranchesMonthMs: { p50: number; max: number };
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The entry script and what index.html preloads: what the first screen must fetch. */
function jsSizes(): { first: number; all: number } {
  const web = join(ROOT, 'dist', 'web');
  const html = readFileSync(join(web, 'index.html'), 'utf8');
  const first = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const gz = (file: string) => gzipSync(readFileSync(join(web, file))).length;
  const all = readdirSync(join(web, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  return { first: first.reduce((sum, f) => sum + gz(f), 0), all: all.reduce((sum, f) => sum + gz(f), 0) };
}

async function timed(times: number, call: () => Promise<unknown>): Promise<{ p50: number; max: number }> {
  const values: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await call();
    values.push(performance.now() - started);
  }
  const q = quantiles(values);
  return { p50: Math.round(q.p50), max: Math.round(q.max) };
}

export async function dashboardCase(c: DashboardCase): Promise<DashboardResult> {
  const group = new ProcessGroup();
  const file = join(mkdtempSync(join(tmpdir(), 'lobby-bench-db-')), 'central.sqlite');
  try {
    const broker = await startMosquitto(group);
    const server = await startCentral(group, 'mosquitto', { engine: 'sqlite', url: `sqlite:${file}`, path: file }, {}, broker.url);
    const prefix = `BD${Date.now().toString(36).slice(-4)}`;
    const [own] = await createAgents(server, `${prefix}own`, 1, false);
    const others = await createAgents(server, prefix, c.branches - 1, false);
    const ownLoad = await startLoad(group, { url: broker.url, agents: [own], devicesPerAgent: 10, statusesPerDevice: 3, mode: 'flood' });
    const otherLoad = await startLoad(group, { url: broker.url, agents: others, devicesPerAgent: c.devicesPerOtherBranch, statusesPerDevice: 1, mode: 'flood' });
    ownLoad.go();
    otherLoad.go();
    await Promise.all([ownLoad.done, otherLoad.done]);
    const devices = 10 + others.length * c.devicesPerOtherBranch;
    await until(async () => (await server.http.get('/api/devices?limit=1')).body.total >= devices, 120_000, `${devices} devices known`);
    const user = await server.http.post('/api/users', { username: 'bench-mgr', password: 'bench-password-1', role: 'lobby-manager', branches: [own.branch] });
    if (user.status !== 201) throw new Error(`POST /api/users ${user.status} ${user.text}`);

    const month = new Date().toISOString().slice(0, 8);
    const from = `${month}01`;
    const to = new Date().toISOString().slice(0, 10);
    const reportBranchMonthMs = await timed(10, () => server.http.get(`/api/reports/summary?branch=${own.branch}&from=${from}&to=${to}`));
    const reportAllBranchesMonthMs = await timed(3, () => server.http.get(`/api/reports/summary?from=${from}&to=${to}`));

    let loginToAlertsMs: DashboardResult['loginToAlertsMs'] = null;
    if (existsSync(CHROMIUM)) {
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
      try {
        loginToAlertsMs = await timed(c.pageLoads, async () => {
          const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
          const page = await context.newPage();
          await page.goto(`${server.http.baseUrl}/`);
          await page.getByLabel(/用户名|Username/).fill('bench-mgr');
          await page.getByLabel(/^(密码|Password)$/).fill('bench-password-1');
          await page.getByRole('button', { name: /^(登\s*录|Log in)$/ }).click();
          await page.locator('[data-testid="alerts"]').waitFor({ timeout: 60_000 });
          await page.locator('[data-testid="needs-me"]').waitFor({ timeout: 60_000 });
          await context.close();
        });
      } finally {
        await browser.close();
      }
    }
    const sizes = jsSizes();
    await server.close();
    return {
      ...c,
      devices,
      firstScreenJsGzipKb: Math.round(sizes.first / 1024),
      allJsGzipKb: Math.round(sizes.all / 1024),
      loginToAlertsMs,
      reportBranchMonthMs,
      reportAllBranchesMonthMs,
    };
  } finally {
    await group.killAll();
  }
}
