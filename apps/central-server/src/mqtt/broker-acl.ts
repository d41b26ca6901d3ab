import { AgentSubscriptions, parseTopic, Topics } from '@lobby/contracts';

/** Who a broker connection is: the central server itself, or the agent of one branch. */
export type BrokerIdentity = { kind: 'central' } | { kind: 'agent'; branchId: string };

/** CONTRACT.md §2: an agent publishes only under its own branch, never commands or the centre's state. */
export function mayPublish(identity: BrokerIdentity, topic: string): boolean {
  if (identity.kind === 'central') return true;
  const parsed = parseTopic(topic);
  if (!parsed || parsed.type === 'central-state' || parsed.type === 'device-cmd') return false;
  return parsed.branchId === identity.branchId;
}

/** An agent subscribes only to the centre's state and its own branch's command topics. */
export function maySubscribe(identity: BrokerIdentity, filter: string): boolean {
  if (identity.kind === 'central') return true;
  if (filter === AgentSubscriptions.centralState()) return true;
  if (filter === AgentSubscriptions.commands(identity.branchId)) return true;
  const parsed = parseTopic(filter);
  return parsed?.type === 'device-cmd' && parsed.branchId === identity.branchId && filter === Topics.deviceCmd(parsed.branchId, parsed.deviceId);
}
