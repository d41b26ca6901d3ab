import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, Server } from 'node:net';
import { AddressInfo } from 'node:net';
import { AgentCredentialsService, FailureLimiter } from '@lobby/access';
import { queueStatusBranch } from '@lobby/contracts';
import { JsonLogger } from '@lobby/platform';
import { BrokerIdentity, mayPublish, maySubscribe, mayUseClientId } from './broker-acl';

// aedes 0.51 is the last CommonJS line (1.x is ESM-only); it speaks MQTT 3.1.1.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createBroker } = require('aedes') as typeof import('aedes');
type Aedes = ReturnType<typeof createBroker>;
type Client = import('aedes').Client;

/** The central server's own broker login: `@` keeps it outside the branch-id alphabet. */
export const CENTRAL_BROKER_USERNAME = '@central';
const IDENTIFIER_REJECTED = 2; // CONNACK: client identifier rejected
const BAD_CREDENTIALS = 4; // CONNACK: bad user name or password
const SERVER_UNAVAILABLE = 3;

/** Takes one agent message and resolves once it is stored (or refused and counted). */
export type BrokerIngest = (topic: string, payload: Buffer) => Promise<unknown>;

export interface BrokerAuthLimits {
  /** Bad CONNECTs from one address or for one username before it is locked out. */
  maxFailures: number;
  lockoutS: number;
}

/**
 * The embedded MQTT broker (aedes): authenticates every agent against its stored credential
 * and enforces the topic ACL of docs/mqtt.md. There is no anonymous access.
 *
 * With an ingest attached, an agent's message is ingested before aedes acknowledges it (aedes
 * sends PUBACK after `authorizePublish`), so "acknowledged" means "stored": a crash of this
 * process, which takes the in-memory broker with it, loses nothing the agents were told was
 * delivered. Such a message is then not forwarded to the centre's own subscription again.
 */
export class EmbeddedBroker {
  readonly centralSecret = randomBytes(24).toString('base64url');
  private readonly identities = new WeakMap<object, BrokerIdentity>();
  /** Payloads already ingested on their way in (aedes forwards the same Buffer). */
  private readonly ingested = new WeakSet<Buffer>();
  private readonly aedes: Aedes;
  private server?: Server;
  private ingest?: BrokerIngest;
  private accepting = true;
  private serverClosed?: Promise<void>;
  private readonly failures: FailureLimiter;

  constructor(
    private readonly credentials: AgentCredentialsService,
    private readonly logger: JsonLogger,
    limits: BrokerAuthLimits = { maxFailures: 10, lockoutS: 60 },
  ) {
    this.failures = new FailureLimiter(limits.maxFailures, limits.lockoutS * 1000, () => Date.now());
    this.aedes = createBroker({
      authenticate: (client, username, password, done) => void this.authenticate(client, username, password, done),
      authorizePublish: (client, packet, done) => {
        const identity = client ? this.identities.get(client) : { kind: 'central' as const };
        if (identity?.kind === 'agent' && !this.accepting) return done(new Error('shutting down'));
        if (identity && mayPublish(identity, packet.topic)) {
          // The queue system's snapshots are not ingested: they reach the centre's own subscription.
          if (identity.kind !== 'agent' || !this.ingest || queueStatusBranch(packet.topic)) return done(null);
          return void this.ingestBeforeAck(packet.topic, packet.payload as Buffer).then(() => done(null));
        }
        this.logger.warn('broker refused a publish', { clientId: client?.id, topic: packet.topic.slice(0, 200) });
        done(new Error('not authorized'));
      },
      authorizeForward: (client, packet) => {
        const central = this.identities.get(client)?.kind === 'central';
        return central && Buffer.isBuffer(packet.payload) && this.ingested.has(packet.payload) ? null : packet;
      },
      authorizeSubscribe: (client, subscription, done) => {
        const identity = client ? this.identities.get(client) : undefined;
        if (identity && maySubscribe(identity, subscription.topic)) return done(null, subscription);
        this.logger.warn('broker refused a subscription', { clientId: client?.id, filter: subscription.topic.slice(0, 200) });
        done(null, null);
      },
    });
    this.aedes.on('clientError', (client, error) => this.logger.debug('mqtt client error', { clientId: client.id, error: error.message }));
  }

  /** Listens on `port`; when it is taken and was not asked for explicitly, takes a free one. */
  async listen(port: number, explicit: boolean, host = '0.0.0.0'): Promise<number> {
    try {
      return await this.listenOn(port, host);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || explicit) throw error;
      const chosen = await this.listenOn(0, host);
      this.logger.warn('MQTT port taken: embedded broker took a free port', { wanted: port, port: chosen });
      return chosen;
    }
  }

  /** Agents' messages are ingested (and stored) before the broker acknowledges them. */
  attachIngest(ingest: BrokerIngest): void {
    this.ingest = ingest;
  }

  /**
   * First step of a shutdown: no new connections, agents' sessions closed (their wills are not
   * published), and no agent publish accepted any more. What was not acknowledged is sent
   * again by the agents to the next start.
   */
  stopAccepting(): void {
    this.accepting = false;
    void this.stopListening();
    const clients = (this.aedes as unknown as { clients: Record<string, Client> }).clients;
    for (const client of Object.values(clients)) {
      if (this.identities.get(client)?.kind === 'agent') client.close();
    }
  }

  /** The listener closes at once; its promise settles when the last connection is gone. */
  private stopListening(): Promise<void> {
    this.serverClosed ??= new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    return this.serverClosed;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    await this.stopListening();
  }

  private async ingestBeforeAck(topic: string, payload: Buffer): Promise<void> {
    try {
      await this.ingest!(topic, payload);
    } catch (error) {
      // Already logged by the ingest; acknowledged anyway, or the agent would resend it forever.
      this.logger.error('ingest before acknowledgement failed', { topic: topic.slice(0, 200), error: (error as Error).message });
    }
    this.ingested.add(payload);
  }

  private listenOn(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => this.aedes.handle(socket));
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        this.server = server;
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  private async authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: (Error & { returnCode: number }) | null, success: boolean | null) => void,
  ): Promise<void> {
    const secret = password?.toString() ?? '';
    const keys = [`ip:${remoteAddress(client)}`, `user:${username ?? ''}`];
    try {
      if (username === CENTRAL_BROKER_USERNAME && safeEqual(secret, this.centralSecret)) {
        this.identities.set(client, { kind: 'central' });
        return done(null, true);
      }
      // A locked-out address or username is refused before any hashing: guessing costs us nothing.
      if (keys.some((key) => this.failures.retryAfterS(key) > 0)) {
        this.logger.debug('broker refused a locked-out login', { clientId: client.id, username: username?.slice(0, 64) });
        return done(Object.assign(new Error('bad username or password'), { returnCode: BAD_CREDENTIALS }), false);
      }
      const branchId = username ? await this.credentials.verify(username, secret) : null;
      if (branchId && !mayUseClientId(branchId, client.id)) {
        // Another branch's client id would take over that branch's session (and fire its will).
        this.logger.warn('broker refused a client id outside the branch', { branchId, clientId: client.id.slice(0, 200) });
        return done(Object.assign(new Error('client id not allowed'), { returnCode: IDENTIFIER_REJECTED }), false);
      }
      if (branchId) {
        keys.forEach((key) => this.failures.succeed(key));
        this.identities.set(client, { kind: 'agent', branchId });
        this.logger.info('agent connected to broker', { branchId, clientId: client.id });
        return done(null, true);
      }
      const locked = Math.max(...keys.map((key) => this.failures.fail(key)));
      this.logger.warn('broker refused a login', { clientId: client.id.slice(0, 200), username: username?.slice(0, 64), ...(locked ? { lockedOutS: locked } : {}) });
      done(Object.assign(new Error('bad username or password'), { returnCode: BAD_CREDENTIALS }), false);
    } catch (error) {
      // Not the agent's fault (the database is down): "server unavailable", so it tries again.
      this.logger.error('broker authentication failed', { error: (error as Error).message });
      done(Object.assign(new Error('server unavailable'), { returnCode: SERVER_UNAVAILABLE }), false);
    }
  }

  /** New credentials were issued: the old session of that branch's agent must go. */
  disconnectAgent(branchId: string): void {
    const clients = (this.aedes as unknown as { clients: Record<string, Client> }).clients;
    for (const client of Object.values(clients)) {
      const identity = this.identities.get(client);
      if (identity?.kind === 'agent' && identity.branchId === branchId) {
        this.logger.info('agent credentials replaced: disconnecting old session', { branchId, clientId: client.id });
        client.close();
      }
    }
  }
}

function remoteAddress(client: Client): string {
  const conn = (client as unknown as { conn?: { remoteAddress?: string } }).conn;
  return conn?.remoteAddress ?? 'unknown';
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
