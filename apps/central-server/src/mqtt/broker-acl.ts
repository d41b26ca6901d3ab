import { AgentSubscriptions, parseTopic, queueStatusBranch, Topics } from '@lobby/contracts';

/** Who a broker connection is: the central server itself, or the agent of one branch. */
export type BrokerIdentity = { kind: 'central' } | { kind: 'agent'; branchId: string };

/**
 * An agent's client id is `agent-{branch}`, optionally followed by a suffix that starts with a
 * character no branch id may contain (`agent-BR-1.spare`): so `agent-BR-1` can never name the
 * session of `agent-BR-10`, and one branch's credentials never take over another's session.
 */
export function mayUseClientId(branchId: string, clientId: string): boolean {
  const prefix = `agent-${branchId}`;
  if (clientId === prefix) return true;
  return clientId.startsWith(prefix) && !/[A-Za-z0-9_-]/.test(clientId.charAt(prefix.length));
}

/** docs/mqtt.md: an agent publishes only under its own branch, never commands or the centre's state. */
export function mayPublish(identity: BrokerIdentity, topic: string): boolean {
  if (identity.kind === 'central') return true;
  if (queueStatusBranch(topic) !== null) return queueStatusBranch(topic) === identity.branchId;
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
