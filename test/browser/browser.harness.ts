// Functions passed to page.evaluate run in the page: they need the DOM types.
/// <reference lib="dom" />
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SERVICES_REQUIRED } from '../support/services';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WEB_ROOT = join(process.cwd(), 'dist', 'web');
export const SCREENSHOTS = join(process.cwd(), 'docs', 'screenshots');

const AXE_PATH = '/__test/axe.min.js';
const AXE_SOURCE = existsSync(join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js')) ? readFileSync(join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') : '';

/**
 * Requests the app makes knowing they may be refused (Chromium logs every 4xx as a console error):
 * the deadline-sorted task list, which a server without `sort`/comma lists answers 400 and the
 * app then sorts itself.
 */
const EXPECTED_REFUSALS = [/\/api\/tasks\?sort=resolveDueAt&/];

/** The policy the central server sends with the page: the dashboard must run under it unchanged. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/** Chromium present (else skipped with a message, or a failure with REQUIRE_SERVICES=1), and the app built. */
export function browserAvailable(): boolean {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`the dashboard is not built in ${WEB_ROOT}: run \`npm run test:browser\` (it builds first)`);
  if (existsSync(CHROMIUM)) return true;
  if (SERVICES_REQUIRED) throw new Error(`Chromium is required (REQUIRE_SERVICES=1) but ${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk`);
  console.warn(`Chromium is not available at ${CHROMIUM}: the browser tests are skipped (set REQUIRE_SERVICES=1 to fail instead)`);
  return false;
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/**
 * A browser tab on the dashboard that records every console error, uncaught exception and
 * Content-Security-Policy violation (the policy is added to each page, as the server sends it).
 */
export class DashboardTab {
  readonly problems: string[] = [];
  /** Requests a test knows will be refused (e.g. an API the server does not have yet). */
  readonly expectedRefusals: RegExp[] = [...EXPECTED_REFUSALS];
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  static async open(browser: Browser, baseUrl: string, width = 1280): Promise<DashboardTab> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });
    await context.route(`${baseUrl}/**`, async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
    });
    await context.route(`${baseUrl}${AXE_PATH}`, (route) => route.fulfill({ contentType: 'text/javascript', body: AXE_SOURCE }));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const page = await context.newPage();
    const tab = new DashboardTab(context, page, baseUrl);
    page.on('console', (message) => {
      if (message.type() !== 'error' || tab.expectedRefusals.some((url) => url.test(message.location().url))) return;
      tab.problems.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => tab.problems.push(`page error: ${error.message}`));
    return tab;
  }

  async login(username: string, password: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/`);
    await this.page.getByLabel(/用户名|Username/).fill(username);
    await this.page.getByLabel(/^(密码|Password)$/).fill(password);
    await this.page.getByRole('button', { name: /^(登\s*录|Log in)$/ }).click();
  }

  /** axe-core's serious and critical violations on the current screen. */
  async accessibilityViolations(): Promise<string[]> {
    // From the page's own origin (a test-only route), so the page's script-src 'self' allows it.
    await this.page.addScriptTag({ url: `${this.baseUrl}${AXE_PATH}` });
    const violations = await this.page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`);
  }

  /** The screen at 1280 and 360 px wide into docs/screenshots/<name>-<width>.png. */
  async screenshots(name: string): Promise<void> {
    for (const width of [1280, 360]) {
      await this.page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
      await this.page.waitForTimeout(300); // layout settles after a resize (antd measures on resize)
      await this.page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true, animations: 'disabled' });
    }
    await this.page.setViewportSize({ width: 1280, height: 900 });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
