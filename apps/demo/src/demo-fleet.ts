import type { AgentConfig, AgentDeviceConfig } from '@lobby/contracts';

/** What a demo branch has in its lobby: every kind, two light boxes sharing one RS-485 bus. */
export function demoDevices(branchId: string, atmBrokerUrl: string): AgentDeviceConfig[] {
  const id = (suffix: string) => `${branchId}-${suffix}`;
  return [
    { id: id('TP1'), kind: 'ticket-printer', name: '取号机 1 / Ticket printer 1', transport: { type: 'serial', path: `sim:${id('TP1')}` }, settings: { pollIntervalMs: 1000, supportsPowerOff: true } },
    { id: id('RB1'), kind: 'receipt-box', name: '回单箱 / Receipt box', transport: { type: 'serial', path: `sim:${id('RB1')}` }, settings: { pollIntervalMs: 1500 } },
    { id: id('LB1'), kind: 'light-box', name: '外挑灯箱 / Projecting sign', transport: { type: 'modbus-rtu', path: `sim:${id('RS485')}`, unitId: 1 }, settings: { pollIntervalMs: 2000 } },
    { id: id('LB2'), kind: 'light-box', name: '自助区灯箱 / Self-service sign', transport: { type: 'modbus-rtu', path: `sim:${id('RS485')}`, unitId: 2 }, settings: { pollIntervalMs: 2000 } },
    { id: id('ATM1'), kind: 'cash-dispenser', name: '存取款一体机 / Cash recycler', transport: { type: 'mqtt', url: atmBrokerUrl, topic: `xfs/${id('ATM1')}/status` } },
  ];
}

export function demoAgentConfig(input: {
  branchId: string;
  mqttUrl: string;
  credentials: { username: string; password: string };
  bufferPath: string;
  atmBrokerUrl: string;
}): AgentConfig {
  return {
    branch: input.branchId,
    mqtt: { url: input.mqttUrl, username: input.credentials.username, password: input.credentials.password },
    bufferPath: input.bufferPath,
    healthIntervalMs: 60_000,
    simulate: { autoplay: true },
    devices: demoDevices(input.branchId, input.atmBrokerUrl),
  };
}

/** Demo users, one of each role, with passwords that are printed at start. */
export function demoUsers(branchIds: string[]): { username: string; password: string; role: 'lobby-manager' | 'maintenance' | 'branch-head' | 'cash-centre'; branches: string[] }[] {
  return [
    ...branchIds.map((b, i) => ({ username: `manager${i + 1}`, password: 'demo-manager', role: 'lobby-manager' as const, branches: [b] })),
    { username: 'maint', password: 'demo-maintenance', role: 'maintenance' as const, branches: branchIds },
    { username: 'head', password: 'demo-branch-head', role: 'branch-head' as const, branches: branchIds },
    { username: 'cash', password: 'demo-cash-centre', role: 'cash-centre' as const, branches: branchIds },
  ];
}
