// Functions passed to page.evaluate run in the page: they need the DOM types.
/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { AgentSubscriptions, Topics } from '@lobby/contracts';
import { ChecklistScheduler } from '@lobby/checklists';
import { eventually } from '../support/eventually';
import { HttpClient, JsonBody } from '../support/http-client';
import { printerStatus, TestAgent } from '../support/test-agent';
import { ADMIN_PASSWORD, TestCentral } from '../support/test-central';
import { browserAvailable, DashboardTab, launch } from './browser.harness';

jest.setTimeout(180_000);

const MINE = 'WEB-A';
const OTHER = 'WEB-B';
const WAIT = 20_000;

/**
 * A zone where it is now late morning, so the branch (open 09:00–17:00 every day by default) is
 * open and its 营业前 checklist exists whenever the suite runs. Asia/Shanghai when it is daytime there.
 */
function middayZone(now = new Date()): string {
  const shanghaiHour = (now.getUTCHours() + 8) % 24;
  if (shanghaiHour >= 10 && shanghaiHour < 15) return 'Asia/Shanghai';
  let offset = 11 - now.getUTCHours();
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const lampStatus = (switchedOn: boolean) => ({ kind: 'light-box', link: 'up', state: 'ok', faults: [], lamp: { switchedOn, currentMa: switchedOn ? 420 : 0 } });
const receiptStatus = { kind: 'receipt-box', link: 'up', state: 'ok', faults: [], consumables: { paper: { level: 'ok' }, ribbon: { level: 'low' } }, counters: { linesPrinted: 1000 } };

const run = browserAvailable() ? describe : describe.skip;

run('the dashboard in Chromium', () => {
  let central: TestCentral;
  let agent: TestAgent;
  let other: TestAgent;
  let browser: Browser;
  let manager: HttpClient;
  const tabs: DashboardTab[] = [];

  const tab = async (width?: number) => {
    const opened = await DashboardTab.open(browser, central.server.httpUrl, width);
    tabs.push(opened);
    return opened;
  };
  const alerts = async (query: string): Promise<JsonBody[]> => (await central.admin.get(`/api/alerts?${query}`)).body.items;

  beforeAll(async () => {
    central = await new TestCentral().start();
    const zone = middayZone();
    // Closed while the devices become known, then opened: today's checklist then has their auto items.
    const closed = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, null]));
    const mine = await central.branch(MINE, { name: '东城支行', timezone: zone, openingHours: closed });
    const others = await central.branch(OTHER, { name: '西城支行', timezone: zone });
    agent = await TestAgent.connect(central.mqttUrl, MINE, mine);
    other = await TestAgent.connect(central.mqttUrl, OTHER, others);
    // The agent runs the light box's commands, as a real one would.
    agent.client.on('message', (topic, payload) => {
      if (!topic.endsWith('/cmd')) return;
      const command = JSON.parse(payload.toString()) as { id: string; action: string };
      const deviceId = topic.split('/')[4];
      void agent.client.publishAsync(Topics.deviceCmdResult(MINE, deviceId), JSON.stringify({ id: command.id, ok: true, ts: new Date().toISOString() }), { qos: 1 });
      if (command.action.startsWith('lamp.')) void agent.status(deviceId, lampStatus(command.action === 'lamp.on'));
    });
    await agent.client.subscribeAsync(AgentSubscriptions.commands(MINE), { qos: 1 });
    await agent.birth([
      { id: 'WA-TP1', kind: 'ticket-printer' },
      { id: 'WA-LB1', kind: 'light-box' },
      { id: 'WA-RB1', kind: 'receipt-box' },
    ]);
    await other.birth([{ id: 'WB-TP1', kind: 'ticket-printer' }]);
    await eventually(async () => expect((await central.admin.get('/api/devices/WB-TP1')).status).toBe(200), WAIT);
    await eventually(async () => expect((await central.admin.get('/api/devices/WA-RB1')).status).toBe(200), WAIT);
    for (const [id, name] of [['WA-TP1', '取号机 1'], ['WA-LB1', '外挑灯箱'], ['WA-RB1', '对公回单箱'], ['WB-TP1', '西城取号机']]) {
      await central.admin.patch(`/api/devices/${id}`, { name });
    }
    await agent.status('WA-TP1', printerStatus('ok', 200));
    await agent.status('WA-LB1', lampStatus(false));
    await agent.status('WA-RB1', receiptStatus);
    await other.status('WB-TP1', printerStatus('ok', 50));
    manager = await central.user('web-mgr', 'lobby-manager', [MINE]);
    await central.user('web-fix', 'maintenance', [MINE]);
    await central.user('web-head', 'branch-head', [MINE, OTHER]);
    const open = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['09:00', '17:00']]));
    expect((await central.admin.patch(`/api/branches/${MINE}`, { openingHours: open })).status).toBe(200);
    // Today's opening checklist, as the scheduler's catch-up round makes it.
    await eventually(async () => {
      await central.server.app.get(ChecklistScheduler).tick();
      const checklists = (await manager.get(`/api/checklists?branch=${MINE}`)).body.items as JsonBody[];
      expect(checklists.some((c) => c.kind === 'opening')).toBe(true);
    }, WAIT);
    browser = await launch();
  });

  afterEach(async () => {
    const problems = tabs.flatMap((t) => t.problems);
    await Promise.all(tabs.splice(0).map((t) => t.close()));
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await agent?.end();
    await other?.end();
    await central?.stop();
  });

  it('shows the lobby manager only their branch, a paper-out alert live, and takes the acknowledgement and a checklist tick', async () => {
    const lobby = await tab();
    await lobby.login('web-mgr', 'web-mgr-password');
    const page = lobby.page;
    await page.waitForURL(/\/lobby/, { timeout: WAIT });
    await page.getByRole('heading', { name: '大堂 · 东城支行' }).waitFor({ timeout: WAIT });
    await page.getByText('对公回单箱').first().waitFor({ timeout: WAIT });
    expect(await page.getByText('西城').count()).toBe(0);
    expect(await page.getByRole('combobox', { name: '选择网点' }).count()).toBe(0);
    expect(await page.evaluate(() => window.location.href)).not.toContain('token');
    await page.locator('[data-stream="open"]').waitFor({ state: 'attached', timeout: WAIT });

    // The printer runs out of paper: the alert arrives without a reload, with the critical cue.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await agent.status('WA-TP1', printerStatus('out', 260));
    const row = page.locator('[data-testid="alerts"] .alert-row[data-alert-type="paper-out"]');
    await row.waitFor({ timeout: WAIT });
    expect(await row.innerText()).toContain('缺纸 · 取号机 1');
    expect(await row.innerText()).toContain('紧急');
    await page.getByRole('alert').filter({ hasText: '新的紧急告警：缺纸' }).waitFor({ timeout: WAIT });
    await page.locator('[data-testid="needs-me"] [data-need="paper-out"]').getByText('立即补纸').waitFor({ timeout: WAIT });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await page.locator('body').innerText()).not.toMatch(/paper-out|WA-TP1|critical/);

    await lobby.screenshots('lobby-manager');
    expect(await lobby.accessibilityViolations()).toEqual([]);

    // Acknowledge with a note.
    await row.getByRole('button', { name: '确 认' }).or(row.getByRole('button', { name: '确认' })).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('处理说明（可选）').fill('已装新纸卷');
    await dialog.locator('.ant-btn-primary').click();
    await row.getByText('已确认（web-mgr）').waitFor({ timeout: WAIT });
    const [paperOut] = await alerts(`branch=${MINE}&device=WA-TP1&type=paper-out`);
    expect(paperOut).toMatchObject({ state: 'acknowledged', ackedBy: 'web-mgr', ackNote: '已装新纸卷' });

    // Tick a manual item of today's opening checklist.
    const item = page.locator('[data-testid="checklist"] [data-item="hall-clean"]');
    await item.getByRole('checkbox').click();
    await page.locator('[data-testid="checklist"] [data-item="hall-clean"][data-done="true"]').waitFor({ timeout: WAIT });
    const [opening] = ((await manager.get(`/api/checklists?branch=${MINE}`)).body.items as JsonBody[]).filter((c) => c.kind === 'opening');
    expect(opening.items.find((i: JsonBody) => i.id === 'hall-clean')).toMatchObject({ done: true, doneBy: 'web-mgr' });

    // Switch the light box on and see the command's result.
    const lamp = page.locator('[data-testid="light-boxes"] [data-device="WA-LB1"]');
    await lamp.getByRole('button', { name: /开\s*灯/ }).click();
    await lamp.getByText('执行成功').waitFor({ timeout: WAIT });
    await lamp.getByText('正常 · 亮').waitFor({ timeout: WAIT });
  });

  it('gives maintenance its queue by deadline, and claims, starts and resolves a repair with a note', async () => {
    await agent.status('WA-TP1', { ...printerStatus('ok', 300), state: 'fault', faults: ['cutter-error'] });
    const task = await eventually(async () => {
      const [repair] = ((await central.admin.get(`/api/tasks?branch=${MINE}&kind=repair`)).body.items as JsonBody[]).filter((t) => t.deviceId === 'WA-TP1');
      expect(repair).toBeDefined();
      return repair;
    }, WAIT);
    const queue = await tab();
    await queue.login('web-fix', 'web-fix-password');
    const page = queue.page;
    await page.waitForURL(/\/tasks/, { timeout: WAIT });
    const row = page.locator(`[data-task="${task.id}"]`);
    await row.getByText('切刀故障 · 取号机 1').waitFor({ timeout: WAIT });
    expect(await row.innerText()).toContain('东城支行');
    await queue.screenshots('maintenance');
    expect(await queue.accessibilityViolations()).toEqual([]);

    await row.getByRole('button', { name: /接\s*单/ }).click();
    await row.getByRole('button', { name: '开始处理' }).click();
    await row.getByRole('button', { name: '处理完成' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('处理说明').fill('更换切刀');
    await dialog.locator('.ant-btn-primary').click();
    await row.waitFor({ state: 'detached', timeout: WAIT });
    const resolved = (await central.admin.get(`/api/tasks/${task.id}`)).body;
    expect(resolved).toMatchObject({ status: 'resolved', assignee: 'web-fix' });
    expect(resolved.history.map((h: JsonBody) => h.note).filter(Boolean)).toContain('更换切刀');

    // The device page: its state, a chart of its history (ECharts loaded on demand), its tasks.
    await page.goto(`${central.server.httpUrl}/devices/WA-TP1`);
    await page.getByRole('heading', { name: '取号机 · 取号机 1' }).waitFor({ timeout: WAIT });
    await page.locator('.chart canvas').waitFor({ timeout: WAIT });
    await page.getByText('切刀故障').first().waitFor({ timeout: WAIT });
    await page.getByRole('button', { name: '刷新状态' }).click();
    await page.getByText('执行成功').waitFor({ timeout: WAIT });
    await queue.screenshots('maintenance-device');
    expect(await queue.accessibilityViolations()).toEqual([]);
  });

  it('shows the branch head both their branches worst first, and each branch with its devices as traffic lights', async () => {
    await agent.status('WA-TP1', { ...printerStatus('ok', 320), state: 'fault', faults: ['cutter-error'] });
    await eventually(async () => expect((await central.admin.get('/api/devices/WA-TP1')).body.state).toBe('fault'), WAIT);
    const reportsExist = (await central.admin.get('/api/reports/summary')).status !== 404;
    const overview = await tab();
    if (!reportsExist) overview.expectedRefusals.push(/\/api\/reports\//);
    await overview.login('web-head', 'web-head-password');
    const page = overview.page;
    await page.waitForURL(/\/branches$/, { timeout: WAIT });
    const list = page.locator('[data-testid="branches"]');
    await list.getByText('东城支行').waitFor({ timeout: WAIT });
    await list.getByText('西城支行').waitFor({ timeout: WAIT });
    // 东城 has a device in fault (the printer's cutter), 西城 none: worst first.
    const order = await list.locator('[data-branch]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-branch')));
    expect(order).toEqual([MINE, OTHER]);
    if (reportsExist) expect(await page.getByText('报表服务暂不可用').count()).toBe(0);
    else await page.getByText('报表服务暂不可用').first().waitFor({ timeout: WAIT });
    await overview.screenshots('branch-head');
    expect(await overview.accessibilityViolations()).toEqual([]);

    await list.getByRole('link', { name: '东城支行' }).click();
    await page.getByRole('heading', { name: '东城支行' }).waitFor({ timeout: WAIT });
    const lights = page.locator('[data-testid="traffic-lights"]');
    await lights.getByText('外挑灯箱').waitFor({ timeout: WAIT });
    expect(await lights.getByRole('img', { name: '故障' }).count()).toBeGreaterThan(0);
    expect(await page.locator('body').innerText()).not.toContain('西城取号机');
    // Its figures (and its screenshots) from a synthetic week: branch-head-week.test.ts.
    expect(await overview.accessibilityViolations()).toEqual([]);
  });

  it('gives the admin branches, devices, users, silences and webhooks, and shows a new agent secret once', async () => {
    const admin = await tab();
    await admin.login('admin', ADMIN_PASSWORD);
    const page = admin.page;
    await page.waitForURL(/\/admin/, { timeout: WAIT });
    await page.getByRole('cell', { name: '东城支行' }).waitFor({ timeout: WAIT });
    await page.getByRole('cell', { name: '西城支行' }).waitFor({ timeout: WAIT });
    await admin.screenshots('admin');
    expect(await admin.accessibilityViolations()).toEqual([]);

    await page.getByRole('row', { name: /西城支行/ }).getByRole('button', { name: '生成新凭据' }).click();
    const dialog = page.getByRole('dialog', { name: /新的网关凭据/ });
    await dialog.waitFor({ timeout: WAIT });
    const password = (await dialog.locator('code').innerText()).trim();
    expect(password.length).toBeGreaterThan(8);
    await dialog.locator('.ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden', timeout: WAIT });
    expect(await page.locator('body').innerText()).not.toContain(password);

    await page.getByRole('tab', { name: '用户与角色' }).click();
    await page.getByRole('cell', { name: 'web-head', exact: true }).waitFor({ timeout: WAIT });
    expect(await page.getByRole('row', { name: /web-head/ }).innerText()).toContain('网点负责人');
  });

  it('goes back to the login page when the token is refused, and says when a throttled login may retry', async () => {
    const login = await tab();
    login.expectedRefusals.push(/\/api\//);
    const page = login.page;
    await page.goto(`${central.server.httpUrl}/lobby`);
    await page.evaluate(() => sessionStorage.setItem('lobby.session', JSON.stringify({ token: 'not-a-token', user: { username: 'web-mgr', role: 'lobby-manager', branches: ['WEB-A'] } })));
    await page.reload();
    await page.getByRole('button', { name: /^登\s*录$/ }).waitFor({ timeout: WAIT });
    expect(await page.evaluate(() => sessionStorage.getItem('lobby.session'))).toBeNull();

    // The server's login throttle answers 429 with Retry-After.
    await page.route('**/api/auth/login', (route) => route.fulfill({ status: 429, headers: { 'retry-after': '37' }, contentType: 'application/json', body: '{"statusCode":429,"error":"Too Many Requests","message":"too many login attempts"}' }));
    await page.getByLabel('用户名').fill('web-mgr');
    await page.getByLabel(/^密码$/).fill('wrong-password');
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.getByRole('alert').filter({ hasText: '尝试次数过多，请 37 秒后重试' }).waitFor({ timeout: WAIT });
    await login.screenshots('login');
    expect(await login.accessibilityViolations()).toEqual([]);
  });

  it('says when the live stream is lost, reconnects, and keeps showing new alerts', async () => {
    const lobby = await tab();
    lobby.expectedRefusals.push(/\/api\/stream\?/); // the cut connection is logged as a failed load
    await lobby.login('web-mgr', 'web-mgr-password');
    const page = lobby.page;
    await page.locator('[data-stream="open"]').waitFor({ state: 'attached', timeout: WAIT });
    (central.server.app.getHttpServer() as import('node:http').Server).closeAllConnections();
    await page.getByText('实时更新已断开，正在重新连接…').waitFor({ timeout: WAIT });
    await page.getByText('实时更新已恢复').waitFor({ timeout: WAIT });
    await agent.status('WA-RB1', { ...receiptStatus, state: 'fault', faults: ['print-head-error'] });
    await page.locator('[data-testid="alerts"] .alert-row', { hasText: '打印头故障 · 对公回单箱' }).waitFor({ timeout: WAIT });
  });

  it('lets the lobby manager write the day\'s work log (工作日志) and keeps it as a draft', async () => {
    const screen = await tab();
    await screen.login('web-mgr', 'web-mgr-password');
    const page = screen.page;
    await page.waitForURL(/\/lobby/, { timeout: WAIT });
    await page.getByRole('link', { name: '工作日志' }).first().click();
    await page.getByRole('heading', { name: '东城支行 · 大堂经理工作日志' }).waitFor({ timeout: WAIT });
    await page.getByLabel('当日情况').fill('上午客流较大，取号机 10 点缺纸一次，已换纸。');
    await page.getByLabel('意见建议').fill('备用纸卷放在取号机旁。');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('草稿').waitFor({ timeout: WAIT });
    const date = await page.getByLabel('日期').inputValue();
    const stored = (await manager.get(`/api/branches/${MINE}/work-log/${date}`)).body;
    expect(stored).toMatchObject({ status: 'draft', situation: '上午客流较大，取号机 10 点缺纸一次，已换纸。', suggestions: '备用纸卷放在取号机旁。' });
    await page.getByText('网点负责人批阅').waitFor({ timeout: WAIT });
    // Each incident names its device once (the message already says which).
    await page.getByText(/取号机 1 ?切刀故障/).first().waitFor({ timeout: WAIT });
    expect(await page.locator('body').innerText()).not.toMatch(/WA-TP1|draft|paper-out|取号机 1 取号机 1/);
    await page.locator('.ant-message-notice').waitFor({ state: 'detached', timeout: WAIT });
    await screen.screenshots('work-log');
    expect(await screen.accessibilityViolations()).toEqual([]);
  });

  it('switches to English and remembers it after a reload', async () => {
    const lobby = await tab();
    await lobby.login('web-mgr', 'web-mgr-password');
    const page = lobby.page;
    await page.getByRole('heading', { name: '大堂 · 东城支行' }).waitFor({ timeout: WAIT });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Lobby · 东城支行' }).waitFor({ timeout: WAIT });
    // A device with an English name is shown by it on the English screen.
    expect((await central.admin.patch('/api/devices/WA-TP1', { nameEn: 'Ticket printer 1' })).status).toBe(200);
    await page.reload();
    await page.getByRole('heading', { name: 'Lobby · 东城支行' }).waitFor({ timeout: WAIT });
    await page.getByText('Live alerts').waitFor({ timeout: WAIT });
    await page.getByText(/Ticket printer 1/).first().waitFor({ timeout: WAIT });
    expect(await page.locator('[data-testid="alerts"]').innerText()).not.toMatch(/取号机 1|缺纸/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });
});
