import type { AgentConfig, AgentDeviceConfig, SimulatorScriptStep } from '@lobby/contracts';
import { DemoDevice } from './demo-scenario';

/** Scripts per device of a branch; none: every simulator starts its random autoplay at once. */
export type BranchScene = Partial<Record<DemoDevice, SimulatorScriptStep[]>>;

/** What a demo branch has in its lobby: every kind, two light boxes sharing one RS-485 bus. */
export function demoDevices(branchId: string, atmBrokerUrl: string, scene: BranchScene = {}): AgentDeviceConfig[] {
  const id = (suffix: DemoDevice) => `${branchId}-${suffix}`;
  const simulate = (suffix: DemoDevice) => (scene[suffix]?.length ? { simulate: { script: scene[suffix] } } : {});
  return [
    { id: id('TP1'), kind: 'ticket-printer', name: '取号机 1 / Ticket printer 1', transport: { type: 'serial', path: `sim:${id('TP1')}` }, settings: { pollIntervalMs: 1000, supportsPowerOff: true }, ...simulate('TP1') },
    { id: id('RB1'), kind: 'receipt-box', name: '回单箱 / Receipt box', transport: { type: 'serial', path: `sim:${id('RB1')}` }, settings: { pollIntervalMs: 1500 }, ...simulate('RB1') },
    { id: id('LB1'), kind: 'light-box', name: '外挑灯箱 / Projecting sign', transport: { type: 'modbus-rtu', path: `sim:${branchId}-RS485`, unitId: 1 }, settings: { pollIntervalMs: 2000 }, ...simulate('LB1') },
    { id: id('LB2'), kind: 'light-box', name: '自助区灯箱 / Self-service sign', transport: { type: 'modbus-rtu', path: `sim:${branchId}-RS485`, unitId: 2 }, settings: { pollIntervalMs: 2000 }, ...simulate('LB2') },
    { id: id('ATM1'), kind: 'cash-dispenser', name: '存取款一体机 / Cash recycler', transport: { type: 'mqtt', url: atmBrokerUrl, topic: `xfs/${id('ATM1')}/status` } },
  ];
}

export function demoAgentConfig(input: {
  branchId: string;
  mqttUrl: string;
  credentials: { username: string; password: string };
  bufferPath: string;
  atmBrokerUrl: string;
  scene?: BranchScene;
}): AgentConfig {
  return {
    branch: input.branchId,
    mqtt: { url: input.mqttUrl, username: input.credentials.username, password: input.credentials.password },
    bufferPath: input.bufferPath,
    healthIntervalMs: 60_000,
    simulate: { autoplay: true },
    devices: demoDevices(input.branchId, input.atmBrokerUrl, input.scene),
  };
}

export type DemoRole = 'lobby-manager' | 'maintenance' | 'branch-head' | 'cash-centre';

export interface DemoUser {
  username: string;
  password: string;
  role: DemoRole;
  branches: string[];
}

export const DEMO_ADMIN_PASSWORD = 'demo-admin';

/** Demo users, a lobby manager per branch and one of each other role, with passwords that are printed at start. */
export function demoUsers(branchIds: string[]): DemoUser[] {
  return [
    ...branchIds.map((b, i) => ({ username: `manager${i + 1}`, password: 'demo-manager', role: 'lobby-manager' as const, branches: [b] })),
    { username: 'maint', password: 'demo-maintenance', role: 'maintenance' as const, branches: branchIds },
    { username: 'cash', password: 'demo-cash-centre', role: 'cash-centre' as const, branches: branchIds },
    { username: 'head', password: 'demo-branch-head', role: 'branch-head' as const, branches: branchIds },
  ];
}
