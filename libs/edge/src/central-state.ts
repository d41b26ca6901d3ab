import { AgentSubscriptions, CentralStateSchema, parsePayload } from '@lobby/contracts';
import { Clock, JsonLogger, TimerHandle } from '@lobby/runtime';
import { IncomingMessage } from './mqtt/mqtt-link';

export interface CentralStateOptions {
  clock: Clock;
  logger: JsonLogger;
  /** How long to wait for the retained central state before assuming the centre listens. */
  graceMs?: number;
  /** Whether the link is up now (the grace ends without effect on a link that went down). */
  isConnected: () => boolean;
  /** The centre's state changed (online or offline): the publisher decides whether to send. */
  onChange: () => void;
}

/**
 * Whether the centre listens, as the agent knows it on the current connection (docs/mqtt.md):
 * unknown after each connect, then what the retained or live `central/state` says, or online when
 * nothing is retained within the grace. Also the clock skew a live state shows and the count of
 * malformed states. Sending (and buffering meanwhile) is the publisher's.
 */
export class CentralStateTracker {
  /** The topic filter the agent subscribes to for the centre's state. */
  static readonly subscription = AgentSubscriptions.centralState();

  /** undefined until the centre's state is known on the current connection. */
  private online?: boolean;
  private graceTimer?: TimerHandle;
  private skew = 0;
  private invalid = 0;

  constructor(private readonly options: CentralStateOptions) {}

  /** True once the centre is known to listen on this connection. */
  get listening(): boolean {
    return this.online === true;
  }
  get clockSkewMs(): number {
    return this.skew;
  }
  get invalidStates(): number {
    return this.invalid;
  }

  /** A new connection: the centre's state is unknown again until heard or the grace ends. */
  connected(): void {
    this.online = undefined;
  }

  /** The link went down: unknown, and no grace running. */
  disconnected(): void {
    this.online = undefined;
    this.graceTimer?.cancel();
  }

  /** Subscribed: a retained state arrives now, or the centre is assumed to listen after the grace. */
  startGrace(): void {
    this.graceTimer?.cancel();
    this.graceTimer = this.options.clock.setTimeout(() => {
      if (this.online !== undefined || !this.options.isConnected()) return;
      this.options.logger.info('no central state retained: assuming the centre listens');
      this.set(true);
    }, this.options.graceMs ?? 3000);
  }

  /** A message on the central state topic. */
  heard(message: IncomingMessage): void {
    const result = parsePayload(CentralStateSchema, message.payload);
    if (!result.ok) {
      this.invalid++;
      this.options.logger.warn('invalid central state', { reason: result.reason, error: result.message });
      return;
    }
    // Only a live republish says what the centre's clock reads now; a retained one is old.
    if (!message.retain && result.value.ts) this.skew = this.options.clock.now() - Date.parse(result.value.ts);
    this.set(result.value.online);
  }

  stop(): void {
    this.graceTimer?.cancel();
  }

  private set(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.options.logger.info(online ? 'centre online' : 'centre offline: buffering');
    this.options.onChange();
  }
}
