/** The few lines a newcomer needs after `npm start`: where to look and how to log in. */
export function printBanner(input: {
  httpUrl: string;
  mqttUrl: string;
  branches: string[];
  adminPassword?: string;
  users: { username: string; password: string; role: string; branches: string[] }[];
}): void {
  const manager = input.users.find((u) => u.role === 'lobby-manager');
  const lines = [
    '',
    '  大堂设备监控 · Lobby device-fleet monitor — demo running',
    '',
    `  HTTP API      ${input.httpUrl}/api   (OpenAPI: ${input.httpUrl}/api/docs, metrics: ${input.httpUrl}/metrics)`,
    `  MQTT broker   ${input.mqttUrl}   (embedded; agents log in with their branch credentials)`,
    `  Branches      ${input.branches.join(', ')} — each with an edge agent, a ticket printer, a receipt box,`,
    '                two light boxes on one RS-485 bus and a cash recycler, simulated behind the real drivers',
    '',
    input.adminPassword
      ? `  admin / ${input.adminPassword}   (generated at this first start: shown once, keep it)`
      : '  admin         password from ADMIN_PASSWORD, or the one printed at the first start',
    ...input.users.map((u) => `  ${u.username.padEnd(9)} / ${u.password.padEnd(17)} ${u.role} of ${u.branches.join(', ')}`),
    '',
    '  Try:',
    `    TOKEN=$(curl -s -X POST ${input.httpUrl}/api/auth/login -H 'content-type: application/json' \\`,
    `      -d '{"username":"${manager?.username ?? 'manager1'}","password":"${manager?.password ?? ''}"}' | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')`,
    `    curl -s ${input.httpUrl}/api/devices -H "Authorization: Bearer $TOKEN"`,
    '',
    '  Devices change on their own within a minute (tickets issued, paper running low, a lamp burning',
    '  out, cash dispensed). Stop with Ctrl-C.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
