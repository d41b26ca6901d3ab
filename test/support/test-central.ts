import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CentralServer, startCentralServer } from '../../apps/central-server/src/central-server';
import { Clock, JsonLogger, loadCentralConfig } from '@lobby/platform';
import { HttpClient } from './http-client';

export const ADMIN_PASSWORD = 'admin-password-1';

export interface TestCentralOptions {
  /** `'sqlite'` (a temp file, the default) or a `postgres://` URL. */
  database?: string;
  /** Unset: the embedded broker on a free port; else an external broker URL. */
  mqttUrl?: string;
  /** Start the embedded broker as `npm start` does: MQTT_PORT not given (default 1883). */
  defaultMqttPort?: boolean;
  clock?: Clock;
  env?: Record<string, string>;
}

/** The real central server, in process, on free ports, with a database of its own. */
export class TestCentral {
  server!: CentralServer;
  admin!: HttpClient;
  private readonly dir = mkdtempSync(join(tmpdir(), 'lobby-central-'));
  private mqttPort?: number;

  constructor(private readonly options: TestCentralOptions = {}) {}

  get http(): HttpClient {
    return new HttpClient(this.server.httpUrl);
  }
  get mqttUrl(): string {
    return this.server.mqttUrl;
  }
  get databaseUrl(): string {
    const db = this.options.database ?? 'sqlite';
    return db === 'sqlite' ? `sqlite:${join(this.dir, 'lobby.sqlite')}` : db;
  }

  async start(): Promise<this> {
    const config = loadCentralConfig({
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      DATABASE_URL: this.databaseUrl,
      ADMIN_PASSWORD,
      FLEET_FILE: join(this.dir, 'no-fleet.yaml'),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      INGEST_FLUSH_MS: '20',
      ...(this.options.mqttUrl ? { MQTT_URL: this.options.mqttUrl } : this.options.defaultMqttPort ? {} : { MQTT_PORT: String(this.mqttPort ?? 0) }),
      ...this.options.env,
    });
    this.server = await startCentralServer(config, { clock: this.options.clock, logger: new JsonLogger('central', config.logLevel) });
    // A restart keeps the broker's port, so agents reconnect where they were.
    if (!this.options.mqttUrl) this.mqttPort = Number(new URL(this.server.mqttUrl).port);
    this.admin = await this.http.login('admin', ADMIN_PASSWORD);
    return this;
  }

  async restart(): Promise<void> {
    await this.server.close();
    await this.start();
  }

  async stop(): Promise<void> {
    await this.server?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Creates a branch and its agent credentials. */
  async branch(id: string, extra: Record<string, unknown> = {}): Promise<{ username: string; password: string }> {
    const created = await this.admin.post('/api/branches', { id, name: `Branch ${id}`, ...extra });
    if (created.status !== 201) throw new Error(`create branch ${id}: ${created.status} ${created.text}`);
    const credentials = await this.admin.post('/api/branches/' + id + '/agent-credentials');
    if (credentials.status !== 201) throw new Error(`credentials ${id}: ${credentials.status} ${credentials.text}`);
    return credentials.body as { username: string; password: string };
  }

  async user(username: string, role: string, branches: string[]): Promise<HttpClient> {
    const created = await this.admin.post('/api/users', { username, password: `${username}-password`, role, branches });
    if (created.status !== 201) throw new Error(`create user ${username}: ${created.status} ${created.text}`);
    return this.http.login(username, `${username}-password`);
  }

  async metric(name: string, labels = ''): Promise<number> {
    const text = (await this.http.get('/metrics')).text;
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
    return line ? Number(line.split(' ').pop()) : 0;
  }
}
