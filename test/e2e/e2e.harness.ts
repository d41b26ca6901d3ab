import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { AgentDeviceConfig } from '@lobby/contracts';
import { eventually } from '../support/eventually';
import { HttpClient } from '../support/http-client';
import { ChildProgram, freePorts, ProcessGroup } from '../support/processes';

export const ADMIN_PASSWORD = 'e2e-admin-password';

export interface AgentCredentials {
  username: string;
  password: string;
}

/**
 * One machine's worth of the product for an end-to-end suite: a temp dir, fixed free ports, the
 * central server process (restartable on the same ports and database), agent and simulator
 * processes, and an admin HTTP client. `close()` kills whatever still runs.
 */
export class E2eFleet {
  readonly group = new ProcessGroup();
  readonly dir: string;
  central?: ChildProgram;
  private adminClient?: HttpClient;

  private constructor(
    readonly httpPort: number,
    readonly mqttPort: number,
  ) {
    this.dir = fs.mkdtempSync(path.join(tmpdir(), 'lobby-e2e-'));
  }

  static async create(): Promise<E2eFleet> {
    const [httpPort, mqttPort] = await freePorts(2);
    return new E2eFleet(httpPort, mqttPort);
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }
  get mqttUrl(): string {
    return `mqtt://127.0.0.1:${this.mqttPort}`;
  }
  get databasePath(): string {
    return path.join(this.dir, 'central.sqlite');
  }
  get admin(): HttpClient {
    if (!this.adminClient) throw new Error('the central server was not started');
    return this.adminClient;
  }

  /** `node dist/apps/central-server/src/main.js` with its environment (README.md). */
  async startCentral(name = 'central'): Promise<ChildProgram> {
    const central = this.group.node(name, 'central', {
      env: {
        HTTP_PORT: String(this.httpPort),
        HTTP_HOST: '127.0.0.1',
        MQTT_PORT: String(this.mqttPort),
        DATABASE_URL: `sqlite:${this.databasePath}`,
        ADMIN_PASSWORD,
        FLEET_FILE: path.join(this.dir, 'no-fleet.yaml'),
        LOG_LEVEL: 'info',
      },
    });
    this.central = central;
    await central.waitForMsg('central server ready', 30_000);
    this.adminClient = await new HttpClient(this.httpUrl).login('admin', ADMIN_PASSWORD);
    return central;
  }

  /** A branch and its agent's MQTT credentials, through the HTTP API. */
  async createBranch(id: string): Promise<AgentCredentials> {
    const created = await this.admin.post('/api/branches', { id, name: `E2E branch ${id}` });
    if (created.status !== 201) throw new Error(`POST /api/branches: ${created.status} ${created.text}`);
    const credentials = await this.admin.post<AgentCredentials>(`/api/branches/${id}/agent-credentials`);
    if (credentials.status !== 201) throw new Error(`POST /api/branches/${id}/agent-credentials: ${credentials.status} ${credentials.text}`);
    return credentials.body;
  }

  /** Writes an agent config file (YAML, README.md) and returns its path. */
  writeAgentConfig(name: string, branch: string, credentials: AgentCredentials, devices: AgentDeviceConfig[], extra: Record<string, unknown> = {}): string {
    const file = path.join(this.dir, `${name}.yaml`);
    const config = {
      branch,
      mqtt: { url: this.mqttUrl, username: credentials.username, password: credentials.password },
      bufferPath: `${name}-buffer`,
      logLevel: 'info',
      devices,
      ...extra,
    };
    fs.writeFileSync(file, stringify(config));
    return file;
  }

  /** `node dist/apps/edge-agent/src/main.js --config FILE`, resolved once it is connected. */
  async startAgent(name: string, configFile: string, waitFor: 'connected' | 'started' = 'connected'): Promise<ChildProgram> {
    const agent = this.group.node(name, 'agent', { args: ['--config', configFile], env: { LOG_LEVEL: 'info' } });
    await agent.waitForMsg('agent starting');
    if (waitFor === 'connected') await agent.waitForMsg('connected to the centre');
    return agent;
  }

  /** The standalone simulator on a serial path, controlled through its stdin. */
  async startSimulator(name: string, kind: string, devicePath: string, extraArgs: string[] = []): Promise<ChildProgram> {
    const simulator = this.group.node(name, 'simulator', { args: ['--kind', kind, '--path', devicePath, ...extraArgs], stdin: true, env: { LOG_LEVEL: 'info' } });
    await simulator.waitForMsg('ready');
    return simulator;
  }

  /** Polls `GET /api/devices/{id}` until `check` passes (it throws, e.g. with `expect`, until then). */
  async waitForDevice(id: string, check: (device: DeviceBody) => void, timeoutMs = 15_000): Promise<DeviceBody> {
    return eventually(
      async () => {
        const response = await this.admin.get<DeviceBody>(`/api/devices/${id}`);
        if (response.status !== 200) throw new Error(`GET /api/devices/${id}: ${response.status} ${response.text}`);
        check(response.body);
        return response.body;
      },
      timeoutMs,
      100,
    );
  }

  async close(): Promise<void> {
    await this.group.killAll();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The fields of `GET /api/devices/{id}` the suites look at (docs/api.md). */
export interface DeviceBody {
  id: string;
  branchId: string;
  kind: string;
  link: 'up' | 'down' | null;
  state: string | null;
  faults: string[];
  consumables?: Record<string, { level: string }>;
  counters?: Record<string, number>;
  lamp?: { switchedOn: boolean; currentMa: number };
  lastSeen: string | null;
}
