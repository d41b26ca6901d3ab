import { ID_PATTERN } from '../ids';

/**
 * The only place where topic strings are written (docs/mqtt.md). Builders for every topic,
 * subscription filters, and `parseTopic` for the way back.
 */
export const TOPIC_ROOT = 'lobby/v1';

export const Topics = {
  centralState: (): string => `${TOPIC_ROOT}/central/state`,
  /** Live events between central instances (alerts, tasks, …) for their SSE streams; never for agents. */
  centralEvents: (): string => `${TOPIC_ROOT}/central/events`,
  agentState: (branch: string): string => `${TOPIC_ROOT}/${branch}/agent/state`,
  agentHealth: (branch: string): string => `${TOPIC_ROOT}/${branch}/agent/health`,
  agentEvent: (branch: string): string => `${TOPIC_ROOT}/${branch}/agent/event`,
  deviceStatus: (branch: string, device: string): string => `${TOPIC_ROOT}/${branch}/device/${device}/status`,
  deviceEvent: (branch: string, device: string): string => `${TOPIC_ROOT}/${branch}/device/${device}/event`,
  deviceCmd: (branch: string, device: string): string => `${TOPIC_ROOT}/${branch}/device/${device}/cmd`,
  deviceCmdResult: (branch: string, device: string): string => `${TOPIC_ROOT}/${branch}/device/${device}/cmd/result`,
  /** Optional: the branch's queue system, waiting customers and times (`QueueStatusSchema`). */
  queueStatus: (branch: string): string => `${TOPIC_ROOT}/${branch}/queue/status`,
  /** Everything under one branch: what an agent may publish to. */
  branchPrefix: (branch: string): string => `${TOPIC_ROOT}/${branch}/`,
} as const;

/** Filters the central server subscribes to. */
export const CentralSubscriptions = {
  agentState: `${TOPIC_ROOT}/+/agent/state`,
  agentHealth: `${TOPIC_ROOT}/+/agent/health`,
  agentEvent: `${TOPIC_ROOT}/+/agent/event`,
  deviceStatus: `${TOPIC_ROOT}/+/device/+/status`,
  deviceEvent: `${TOPIC_ROOT}/+/device/+/event`,
  deviceCmdResult: `${TOPIC_ROOT}/+/device/+/cmd/result`,
  queueStatus: `${TOPIC_ROOT}/+/queue/status`,
} as const;

/** Filters an agent subscribes to. */
export const AgentSubscriptions = {
  centralState: (): string => Topics.centralState(),
  commands: (branch: string): string => `${TOPIC_ROOT}/${branch}/device/+/cmd`,
} as const;

/** MQTT shared subscription (`$share/{group}/{filter}`) for several central instances. */
export function sharedSubscription(group: string, filter: string): string {
  return `$share/${group}/${filter}`;
}

export type ParsedTopic =
  | { type: 'central-state' }
  | { type: 'agent-state' | 'agent-health' | 'agent-event'; branchId: string }
  | { type: 'device-status' | 'device-event' | 'device-cmd' | 'device-cmd-result'; branchId: string; deviceId: string };

const DEVICE_SUFFIXES: Record<string, 'device-status' | 'device-event' | 'device-cmd' | 'device-cmd-result'> = {
  status: 'device-status',
  event: 'device-event',
  cmd: 'device-cmd',
  'cmd/result': 'device-cmd-result',
};
const AGENT_SUFFIXES: Record<string, 'agent-state' | 'agent-health' | 'agent-event'> = {
  state: 'agent-state',
  health: 'agent-health',
  event: 'agent-event',
};

/** The branch of a queue-status topic; `null` for any other topic or a bad id. */
export function queueStatusBranch(topic: string): string | null {
  const match = /^lobby\/v1\/([^/]+)\/queue\/status$/.exec(topic);
  return match && ID_PATTERN.test(match[1]) && match[1] !== 'central' ? match[1] : null;
}

/** Parses a concrete topic; `null` for anything that is not one of ours or has a bad id. */
export function parseTopic(topic: string): ParsedTopic | null {
  if (!topic.startsWith(`${TOPIC_ROOT}/`)) return null;
  const parts = topic.slice(TOPIC_ROOT.length + 1).split('/');
  if (parts.length === 2 && parts[0] === 'central' && parts[1] === 'state') return { type: 'central-state' };
  const [branchId, area, ...rest] = parts;
  if (!branchId || !ID_PATTERN.test(branchId) || branchId === 'central') return null;
  if (area === 'agent' && rest.length === 1) {
    const type = AGENT_SUFFIXES[rest[0] ?? ''];
    return type ? { type, branchId } : null;
  }
  if (area === 'device' && rest.length >= 2) {
    const [deviceId, ...suffix] = rest;
    const type = DEVICE_SUFFIXES[suffix.join('/')];
    if (!deviceId || !ID_PATTERN.test(deviceId) || !type) return null;
    return { type, branchId, deviceId };
  }
  return null;
}
