import { mayPublish, maySubscribe, mayUseClientId } from './broker-acl';

describe('broker ACL', () => {
  const agent = { kind: 'agent' as const, branchId: 'BR-A' };

  it('lets an agent publish only its own branch’s agent and device topics', () => {
    expect(mayPublish(agent, 'lobby/v1/BR-A/device/TP-1/status')).toBe(true);
    expect(mayPublish(agent, 'lobby/v1/BR-A/agent/state')).toBe(true);
    expect(mayPublish(agent, 'lobby/v1/BR-A/device/TP-1/cmd/result')).toBe(true);
    expect(mayPublish(agent, 'lobby/v1/BR-B/device/TP-1/status')).toBe(false);
    expect(mayPublish(agent, 'lobby/v1/BR-A/device/TP-1/cmd')).toBe(false);
    expect(mayPublish(agent, 'lobby/v1/central/state')).toBe(false);
    expect(mayPublish(agent, 'lobby/v1/BR-A/device/+/status')).toBe(false);
    expect(mayPublish(agent, 'other/topic')).toBe(false);
  });

  it('lets an agent publish its own branch’s queue status, and no other’s', () => {
    expect(mayPublish(agent, 'lobby/v1/BR-A/queue/status')).toBe(true);
    expect(mayPublish(agent, 'lobby/v1/BR-B/queue/status')).toBe(false);
    expect(mayPublish(agent, 'lobby/v1/+/queue/status')).toBe(false);
    expect(mayPublish(agent, 'lobby/v1/central/queue/status')).toBe(false);
  });

  it('lets an agent subscribe only to the centre’s state and its own commands', () => {
    expect(maySubscribe(agent, 'lobby/v1/central/state')).toBe(true);
    expect(maySubscribe(agent, 'lobby/v1/BR-A/device/+/cmd')).toBe(true);
    expect(maySubscribe(agent, 'lobby/v1/BR-A/device/TP-1/cmd')).toBe(true);
    expect(maySubscribe(agent, 'lobby/v1/BR-B/device/+/cmd')).toBe(false);
    expect(maySubscribe(agent, 'lobby/v1/#')).toBe(false);
    expect(maySubscribe(agent, 'lobby/v1/+/device/+/status')).toBe(false);
    expect(maySubscribe(agent, '#')).toBe(false);
  });

  it('keeps agents off the centre-only live-events topic', () => {
    expect(maySubscribe(agent, 'lobby/v1/central/events')).toBe(false);
    expect(maySubscribe(agent, 'lobby/v1/central/#')).toBe(false);
    expect(maySubscribe(agent, 'lobby/v1/+/events')).toBe(false);
    expect(mayPublish(agent, 'lobby/v1/central/events')).toBe(false);
    expect(maySubscribe({ kind: 'central' }, 'lobby/v1/central/events')).toBe(true);
  });

  it('lets the central server do anything', () => {
    expect(mayPublish({ kind: 'central' }, 'lobby/v1/BR-A/device/TP-1/cmd')).toBe(true);
    expect(maySubscribe({ kind: 'central' }, '#')).toBe(true);
  });

  it('binds an agent’s client id to its branch', () => {
    expect(mayUseClientId('BR-1', 'agent-BR-1')).toBe(true);
    expect(mayUseClientId('BR-1', 'agent-BR-1.spare')).toBe(true);
    expect(mayUseClientId('BR-1', 'agent-BR-10')).toBe(false);
    expect(mayUseClientId('BR-1', 'agent-BR-1-x')).toBe(false);
    expect(mayUseClientId('BR-1', 'agent-BR-2')).toBe(false);
    expect(mayUseClientId('BR-1', 'mqttjs_1234')).toBe(false);
  });
});
