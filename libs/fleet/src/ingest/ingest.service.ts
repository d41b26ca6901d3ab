import { Injectable } from '@nestjs/common';
import {
  AgentBirth,
  AgentEvent,
  AgentEventSchema,
  AgentHealthSchema,
  AgentStateSchema,
  CommandResultSchema,
  DeviceEvent,
  DeviceEventSchema,
  DeviceReading,
  DeviceStatus,
  DeviceStatusSchema,
  parsePayload,
  parseTopic,
  ParsedTopic,
  Topics,
} from '@lobby/contracts';
import { Clock, DomainEventBus, JsonLogger, KeyedSerialQueue, Metrics } from '@lobby/platform';
import { AgentStateService } from '../agents/agent-state.service';
import { CommandsService } from '../commands/commands.service';
import { DeviceTwin, sameReading, TwinDevice } from '../devices/device-twin';
import { isNewer } from '../devices/status-order';
import { FleetDirectory } from '../devices/fleet-directory.service';
import { IngestLimits } from './ingest-limits';
import { PersistenceBatcher } from './persistence-batcher';
import { SeqTracker } from './seq-tracker';

export type RejectReason =
  | 'oversize'
  | 'invalid-json'
  | 'invalid-payload'
  | 'unknown-topic'
  | 'unknown-branch'
  | 'unknown-device'
  | 'foreign-device'
  | 'kind-mismatch'
  | 'decommissioned'
  | 'device-limit'
  | 'unknown-command';

/** An agent event (`buffer.dropped`, `device.unplugged`, …) as received. */
export interface AgentEventReceived {
  branchId: string;
  event: AgentEvent;
  receivedAt: number;
}

export type IngestOutcome = { ok: true; duplicate?: boolean } | { ok: false; reason: RejectReason; message: string };

/** A birth was applied: which devices it reported, and whose name or location it changed. */
export interface BirthApplied {
  branchId: string;
  reported: string[];
  relabelled: string[];
  receivedAt: number;
}

/** A device's live state changed (changes only: heartbeats that change nothing do not count). */
export interface DeviceChange {
  device: TwinDevice;
  previous: DeviceReading | null;
  current: DeviceReading;
  ts: number;
  receivedAt: number;
}

const reject = (reason: RejectReason, message: string): IngestOutcome => ({ ok: false, reason, message });
/** How long a status for a not-yet-known device waits for its birth to be stored (real time, not the injected clock: it waits for other processes). */
const LATE_LOOKUP_MS = 1000;
const LATE_LOOKUPS_PER_BRANCH = 16;
const LATE_LOOKUP_QUIET_MS = 60_000;
const LATE_LOOKUP_MEMORY = 10_000;

/**
 * Every message from the agents comes through here: validated into a typed value, checked
 * against the fleet (branch exists, device belongs to it), de-duplicated by seq, applied to the
 * twin, and handed to the batcher. Nothing a publisher sends can throw out of `handle`.
 */
@Injectable()
export class IngestService {
  private readonly queue = new KeyedSerialQueue();

  /** Waits for devices not known yet, by device id (with the branch that asked, for the cap). */
  private readonly lateLookups = new Map<string, Promise<TwinDevice | undefined>>();
  private readonly lateLookupBranches = new Map<string, string>();
  /** When a wait ended without the device: later messages for it are refused at once for a while. */
  private readonly lateLookupsGaveUp = new Map<string, number>();

  constructor(
    private readonly directory: FleetDirectory,
    private readonly twin: DeviceTwin,
    private readonly agents: AgentStateService,
    private readonly commands: CommandsService,
    private readonly seq: SeqTracker,
    private readonly batcher: PersistenceBatcher,
    private readonly limits: IngestLimits,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    private readonly logger: JsonLogger,
    private readonly events: DomainEventBus,
  ) {}

  handle(topic: string, payload: Buffer): Promise<IngestOutcome> {
    const receivedAt = this.clock.now();
    const parsed = parseTopic(topic);
    if (!parsed || parsed.type === 'central-state' || parsed.type === 'device-cmd') {
      return Promise.resolve(this.count(topic, reject('unknown-topic', `not an agent topic: ${topic}`)));
    }
    this.metrics.messagesReceived.inc({ type: parsed.type });
    return this.handleInOrder(parsed, topic, payload, receivedAt);
  }

  /**
   * Handled in the branch's order; resolves only once what the message changed is durable, so
   * the broker's acknowledgement means "stored" (the wait is outside the branch queue: the
   * branch's next messages go on meanwhile and share the same write).
   */
  private async handleInOrder(parsed: Exclude<ParsedTopic, { type: 'central-state' }>, topic: string, payload: Buffer, receivedAt: number): Promise<IngestOutcome> {
    const outcome = await this.queue.run(parsed.branchId, async () => {
      try {
        return this.count(topic, await this.route(parsed, payload, receivedAt));
      } catch (error) {
        this.logger.error('ingest failed', { topic, error: (error as Error).message });
        throw error;
      }
    });
    await this.batcher.committed();
    return outcome;
  }

  /** Resolves when every message received so far is handled and written. */
  async drain(): Promise<void> {
    await this.queue.idle();
    await this.batcher.flush();
  }

  private async route(topic: Exclude<ParsedTopic, { type: 'central-state' }>, payload: Buffer, receivedAt: number): Promise<IngestOutcome> {
    if (!(await this.directory.branchExists(topic.branchId))) return reject('unknown-branch', `unknown branch ${topic.branchId}`);
    switch (topic.type) {
      case 'agent-state':
        return this.onAgentState(topic.branchId, payload, receivedAt);
      case 'agent-health':
        return this.onHealth(topic.branchId, payload, receivedAt);
      case 'agent-event':
        return this.onAgentEvent(topic.branchId, payload, receivedAt);
      case 'device-status':
        return this.onStatus(topic.branchId, topic.deviceId, payload, receivedAt);
      case 'device-event':
        return this.onDeviceEvent(topic.branchId, topic.deviceId, payload, receivedAt);
      case 'device-cmd-result':
        return this.onCommandResult(topic.branchId, topic.deviceId, payload, receivedAt);
      case 'device-cmd':
        return reject('unknown-topic', 'commands are not ingested');
    }
  }

  private async onAgentState(branchId: string, payload: Buffer, receivedAt: number): Promise<IngestOutcome> {
    const parsed = parsePayload(AgentStateSchema, payload);
    if (!parsed.ok) return reject(parsed.reason, parsed.message);
    const state = parsed.value;
    if (!state.online) {
      await this.agents.died(branchId, receivedAt);
      return { ok: true };
    }
    const verdict = this.seq.accept(branchId, state.bootId, state.seq);
    if (verdict === 'duplicate') return { ok: true, duplicate: true };
    const { refused, reported, relabelled } = await this.registerBirthDevices(branchId, state);
    await this.agents.born(branchId, state, receivedAt);
    this.batcher.seenAgent(branchId, state.seq, receivedAt);
    this.events.emit('devices.reported', { branchId, reported, relabelled, receivedAt });
    if (refused.length) return reject('foreign-device', `devices held by another branch: ${refused.join(', ')}`);
    return { ok: true };
  }

  private async registerBirthDevices(branchId: string, birth: AgentBirth): Promise<{ refused: string[]; reported: string[]; relabelled: string[] }> {
    const refused: string[] = [];
    const reported: string[] = [];
    let room = this.limits.maxDevicesPerBranch - this.twin.ofBranch(branchId).length;
    let overLimit = 0;
    for (const { id, kind, name, nameEn, location } of birth.devices) {
      let device = await this.directory.device(id);
      if (!device && room <= 0) {
        overLimit++;
        continue;
      }
      // Taken already: another instance registered it a moment ago, so look past this instance's "missing" memory.
      if (!device && !(await this.directory.register({ id, branchId, kind, name, nameEn, location, by: 'birth' }))) device = await this.directory.device(id, { fresh: true });
      else if (!device) room--;
      device = device ?? this.twin.get(id);
      if (device && device.branchId !== branchId) refused.push(id);
      else reported.push(id);
    }
    await this.directory.markReported(branchId, reported);
    if (overLimit) this.refuseOverLimit(branchId, overLimit);
    const relabelled = await this.directory.applyBirthLabels(branchId, birth.devices.filter((d) => reported.includes(d.id)));
    return { refused, reported, relabelled };
  }

  private refuseOverLimit(branchId: string, count: number): void {
    this.metrics.birthDevicesRefused.inc(count);
    this.count(Topics.agentState(branchId), reject('device-limit', `birth lists ${count} new devices beyond the limit of ${this.limits.maxDevicesPerBranch} per branch`));
  }

  /** The agent's clock is not trusted past `maxFutureMs` ahead of ours: such a time becomes the receipt time. */
  private trustedTs(iso: string, receivedAt: number, branchId: string, seq: number): number {
    const ts = Date.parse(iso);
    if (ts - receivedAt <= this.limits.maxFutureMs) return ts;
    this.metrics.futureTimestamps.inc();
    this.logger.warn('timestamp too far in the future: clamped to receipt time', { branchId, seq, ts: iso, aheadMs: ts - receivedAt });
    return receivedAt;
  }

  private async onHealth(branchId: string, payload: Buffer, receivedAt: number): Promise<IngestOutcome> {
    const parsed = parsePayload(AgentHealthSchema, payload);
    if (!parsed.ok) return reject(parsed.reason, parsed.message);
    if (this.seq.accept(branchId, null, parsed.value.seq) === 'duplicate') return { ok: true, duplicate: true };
    await this.agents.health(branchId, parsed.value, receivedAt, this.seq.missing(branchId));
    this.batcher.seenAgent(branchId, parsed.value.seq, receivedAt);
    return { ok: true };
  }

  private async onAgentEvent(branchId: string, payload: Buffer, receivedAt: number): Promise<IngestOutcome> {
    const parsed = parsePayload(AgentEventSchema, payload);
    if (!parsed.ok) return reject(parsed.reason, parsed.message);
    const outcome = this.recordEvent(branchId, null, parsed.value, receivedAt);
    if (outcome.ok && !outcome.duplicate) this.events.emit('agent.event', { branchId, event: parsed.value, receivedAt });
    return outcome;
  }

  private async ownDevice(branchId: string, deviceId: string): Promise<TwinDevice | IngestOutcome> {
    const device = (await this.directory.device(deviceId)) ?? (await this.lookAgain(branchId, deviceId));
    if (!device) return reject('unknown-device', `unknown device ${deviceId}`);
    if (device.branchId !== branchId) return reject('foreign-device', `device ${deviceId} belongs to another branch`);
    if (device.decommissioned) return reject('decommissioned', `device ${deviceId} is decommissioned`);
    return device;
  }

  /**
   * A device not known yet may be racing its birth: with several instances sharing the ingest, a
   * status can reach one instance before that instance (or the one registering it) has stored the
   * birth. Look once more, a moment later, before refusing it. Messages for the same device share
   * one wait; a device still unknown after it is refused at once for a while; at most a few waits
   * per branch at a time. So a sender of made-up ids costs one read per id and delays only itself.
   */
  private lookAgain(branchId: string, deviceId: string): Promise<TwinDevice | undefined> {
    const shared = this.lateLookups.get(deviceId);
    if (shared) return shared;
    const gaveUpAt = this.lateLookupsGaveUp.get(deviceId);
    if (gaveUpAt !== undefined && Date.now() - gaveUpAt < LATE_LOOKUP_QUIET_MS) return Promise.resolve(undefined);
    const waiting = [...this.lateLookupBranches.values()].filter((b) => b === branchId).length;
    if (waiting >= LATE_LOOKUPS_PER_BRANCH) return Promise.resolve(undefined);
    const lookup = new Promise((resolve) => setTimeout(resolve, LATE_LOOKUP_MS))
      .then(() => this.directory.device(deviceId, { fresh: true }))
      .then((device) => {
        this.lateLookupsGaveUp.delete(deviceId);
        if (!device) this.lateLookupsGaveUp.set(deviceId, Date.now());
        // Bounded: the oldest entry goes first (a Map keeps insertion order).
        if (this.lateLookupsGaveUp.size > LATE_LOOKUP_MEMORY) this.lateLookupsGaveUp.delete(this.lateLookupsGaveUp.keys().next().value!);
        return device;
      })
      .finally(() => {
        this.lateLookups.delete(deviceId);
        this.lateLookupBranches.delete(deviceId);
      });
    this.lateLookups.set(deviceId, lookup);
    this.lateLookupBranches.set(deviceId, branchId);
    return lookup;
  }

  private async onStatus(branchId: string, deviceId: string, payload: Buffer, receivedAt: number): Promise<IngestOutcome> {
    const parsed = parsePayload(DeviceStatusSchema, payload);
    if (!parsed.ok) return reject(parsed.reason, parsed.message);
    const device = await this.ownDevice(branchId, deviceId);
    if (!('id' in device)) return device;
    const status = parsed.value;
    if (status.kind !== device.kind) return reject('kind-mismatch', `device ${deviceId} is a ${device.kind}, not a ${status.kind}`);
    if (this.seq.accept(branchId, null, status.seq) === 'duplicate') return { ok: true, duplicate: true };
    this.applyStatus(device, status, receivedAt);
    this.batcher.seenAgent(branchId, status.seq, receivedAt);
    return { ok: true };
  }

  private applyStatus(device: TwinDevice, status: DeviceStatus, receivedAt: number): void {
    const { seq, ts: isoTs, historical, ...reading } = status;
    const ts = this.trustedTs(isoTs, receivedAt, device.branchId, seq);
    const live = !historical && isNewer(ts, seq, device.liveTs, device.liveSeq);
    const changed = live && !sameReading(device.live, reading);
    if (historical || changed || !live) {
      this.batcher.addStatus({ deviceId: device.id, branchId: device.branchId, bootId: this.seq.bootId(device.branchId), seq, ts, receivedAt, historical: !!historical, status: reading });
    }
    if (!live) return;
    this.metrics.ingestLag.observe(Math.max(0, receivedAt - ts) / 1000);
    const previous = device.live;
    Object.assign(device, { live: reading, liveTs: ts, liveSeq: seq, lastSeenAt: receivedAt });
    this.batcher.setLive(device.id, { live: reading, ts, seq, receivedAt });
    if (changed) this.events.emit('device.changed', { device: { ...device }, previous, current: reading, ts, receivedAt });
  }

  private async onDeviceEvent(branchId: string, deviceId: string, payload: Buffer, receivedAt: number): Promise<IngestOutcome> {
    const parsed = parsePayload(DeviceEventSchema, payload);
    if (!parsed.ok) return reject(parsed.reason, parsed.message);
    const device = await this.ownDevice(branchId, deviceId);
    if (!('id' in device)) return device;
    return this.recordEvent(branchId, deviceId, parsed.value, receivedAt);
  }

  /** Agent events (`deviceId` null) and device events go to one history, de-duplicated by seq. */
  private recordEvent(branchId: string, deviceId: string | null, event: AgentEvent | DeviceEvent, receivedAt: number): IngestOutcome {
    if (this.seq.accept(branchId, null, event.seq) === 'duplicate') return { ok: true, duplicate: true };
    this.batcher.addEvent({
      branchId,
      deviceId,
      bootId: this.seq.bootId(branchId),
      seq: event.seq,
      ts: this.trustedTs(event.ts, receivedAt, branchId, event.seq),
      receivedAt,
      type: event.type,
      data: event.data,
      historical: 'historical' in event && !!event.historical,
    });
    this.batcher.seenAgent(branchId, event.seq, receivedAt);
    return { ok: true };
  }

  private async onCommandResult(branchId: string, deviceId: string, payload: Buffer, receivedAt: number): Promise<IngestOutcome> {
    const parsed = parsePayload(CommandResultSchema, payload);
    if (!parsed.ok) return reject(parsed.reason, parsed.message);
    const applied = await this.commands.complete(branchId, deviceId, parsed.value, receivedAt);
    return applied ? { ok: true } : reject('unknown-command', `no pending command ${parsed.value.id} for ${deviceId}`);
  }

  private count(topic: string, outcome: IngestOutcome): IngestOutcome {
    if (outcome.ok && outcome.duplicate) this.metrics.duplicatesDropped.inc();
    if (!outcome.ok) {
      this.metrics.messagesRejected.inc({ reason: outcome.reason });
      this.logger.warn('message rejected', { topic, reason: outcome.reason, detail: outcome.message.slice(0, 300) });
    }
    return outcome;
  }
}
