import type { DemoUser } from './demo-fleet';
import type { OpenBranch } from './open-branch';

export interface BannerInput {
  /** Where a browser on this machine reaches the server (`http://localhost:3000`). */
  webUrl: string;
  mqttUrl: string;
  branches: { id: string; name: string }[];
  users: DemoUser[];
  /** The admin's password when known (the demo's own or ADMIN_PASSWORD); otherwise how to find it. */
  admin: { password: string } | { hint: string };
  /** The branch open now whose lobby manager to log in as; undefined when all are closed. */
  open?: OpenBranch;
}

const ROLE_NAMES: Record<DemoUser['role'] | 'admin', string> = {
  'lobby-manager': 'lobby manager 大堂经理',
  maintenance: 'maintenance 维修人员',
  'cash-centre': 'cash centre 现金中心',
  'branch-head': 'branch head 网点负责人',
  admin: 'admin 管理员',
};

/** The few lines a newcomer needs after `npm start`: where to look and how to log in, now. */
export function bannerLines(input: BannerInput): string[] {
  const managerOf = (branchId: string) => input.users.find((u) => u.role === 'lobby-manager' && u.branches.includes(branchId));
  const current = input.open ? managerOf(input.open.branch.id) : undefined;
  const manager = current ?? input.users.find((u) => u.role === 'lobby-manager');
  const others = input.users.filter((u) => u.role === 'lobby-manager' && u !== manager);
  const login = (role: DemoUser['role'] | 'admin', username: string, password: string, scope: string) =>
    `    ${pad(ROLE_NAMES[role], 26)}${pad(`${username} / ${password}`, 28)}${scope}`;
  const single = (role: DemoUser['role']) => input.users.find((u) => u.role === role);
  const branchLabel = (id: string) => input.branches.find((b) => b.id === id)?.name ?? id;
  return [
    '',
    '  大堂设备监控 · Lobby device-fleet monitor — demo running',
    '',
    `  Dashboard   ${input.webUrl}/`,
    `  API docs    ${input.webUrl}/api/docs   (MQTT broker ${input.mqttUrl})`,
    '',
    ...(input.open && current
      ? [
          `  Log in now as ${current.username} / ${current.password}: lobby manager of ${input.open.branch.name}, open until ${input.open.closesLocal}`,
          '  local time. Within two minutes its lobby shows paper running low and out, a cutter jam with a repair',
          '  task, a worn ribbon, a failed lamp and a cash cassette running low with a task for the cash centre.',
        ]
      : ['  No demo branch is open at this hour (their opening hours were changed): checklists and alerts are quiet.']),
    '',
    '  Demo logins, one per role:',
    ...(manager ? [login('lobby-manager', manager.username, manager.password, branchLabel(manager.branches[0]))] : []),
    ...(['maintenance', 'cash-centre', 'branch-head'] as const).flatMap((role) => {
      const user = single(role);
      return user ? [login(role, user.username, user.password, 'all demo branches')] : [];
    }),
    'password' in input.admin ? login('admin', 'admin', input.admin.password, 'everything') : `    ${pad(ROLE_NAMES.admin, 26)}admin: ${input.admin.hint}`,
    ...(others.length ? [`    other lobby managers: ${others.map((u) => `${u.username} (${u.branches.join(', ')})`).join(', ')}, same password`] : []),
    '',
    '  Stop with Ctrl-C.',
    '',
  ];
}

/** Pads to a width in terminal columns: Chinese characters take two. */
function pad(text: string, columns: number): string {
  const width = [...text].reduce((sum, char) => sum + (WIDE.test(char) ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(1, columns - width));
}

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

export function printBanner(input: BannerInput): void {
  process.stdout.write(`${bannerLines(input).join('\n')}\n`);
}
