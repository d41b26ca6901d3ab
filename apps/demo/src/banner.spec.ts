import { bannerLines, BannerInput } from './banner';
import { demoUsers } from './demo-fleet';

describe(bannerLines.name, () => {
  const branches = [
    { id: 'BJ-CHAOYANG', name: '北京朝阳支行 (Beijing Chaoyang)' },
    { id: 'NY-MANHATTAN', name: '纽约曼哈顿分行 (New York Manhattan)' },
    { id: 'SH-PUDONG', name: '上海浦东支行 (Shanghai Pudong)' },
  ];
  const input = (patch: Partial<BannerInput> = {}): BannerInput => ({
    webUrl: 'http://localhost:3000',
    mqttUrl: 'mqtt://127.0.0.1:1883',
    branches,
    users: demoUsers(branches.map((b) => b.id)),
    admin: { password: 'demo-admin' },
    open: { branch: { ...branches[2], timezone: 'Asia/Shanghai' }, closesAt: 0, closesLocal: '21:00' },
    ...patch,
  });

  it('prints the dashboard and API docs addresses', () => {
    const text = bannerLines(input()).join('\n');
    expect(text).toContain('Dashboard   http://localhost:3000/\n');
    expect(text).toContain('http://localhost:3000/api/docs');
  });

  it('names the lobby manager of the open branch as the login to use now, and its closing time', () => {
    const text = bannerLines(input()).join('\n');
    expect(text).toContain('Log in now as manager3 / demo-manager: lobby manager of 上海浦东支行 (Shanghai Pudong), open until 21:00');
  });

  it('gives one login with its password per role', () => {
    const lines = bannerLines(input());
    const row = (role: string) => lines.find((line) => line.trimStart().startsWith(role)) ?? `no line for ${role}`;
    expect(row('lobby manager')).toMatch(/manager3 \/ demo-manager +上海浦东支行/);
    expect(row('maintenance')).toContain('maint / demo-maintenance');
    expect(row('cash centre')).toContain('cash / demo-cash-centre');
    expect(row('branch head')).toContain('head / demo-branch-head');
    expect(row('admin')).toContain('admin / demo-admin');
  });

  it('lines the logins up in terminal columns, Chinese characters taking two', () => {
    const lines = bannerLines(input()).filter((line) => /^ {4}.* \/ demo-/.test(line));
    const columns = (line: string) => [...line.slice(0, line.search(/\S+ \/ demo-/))].reduce((sum, char) => sum + (/[\u4e00-\u9fff]/.test(char) ? 2 : 1), 0);
    expect(new Set(lines.map(columns)).size).toBe(1);
  });

  it('says so when no branch is open, and still gives a login per role', () => {
    const text = bannerLines(input({ open: undefined })).join('\n');
    expect(text).toContain('No demo branch is open at this hour');
    expect(text).toMatch(/lobby manager 大堂经理 +manager1 \/ demo-manager/);
  });

  it('does not print a password it does not know', () => {
    const text = bannerLines(input({ admin: { hint: 'its password is the one set at the first start of this data directory' } })).join('\n');
    expect(text).toContain('admin: its password is the one set at the first start');
    expect(text).not.toContain('admin / ');
  });
});
