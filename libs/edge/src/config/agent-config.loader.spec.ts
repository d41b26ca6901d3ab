import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AgentConfigError, loadAgentConfig, parseAgentConfig } from './agent-config.loader';

const valid = {
  branch: 'b1',
  mqtt: { url: 'mqtt://localhost:1883', username: 'agent-b1', password: 'secret' },
  bufferPath: 'state',
  devices: [
    { id: 'tp-1', kind: 'ticket-printer', transport: { type: 'serial', path: '/dev/ttyUSB0' } },
    { id: 'lb-1', kind: 'light-box', transport: { type: 'modbus-rtu', path: '/dev/ttyUSB1', unitId: 1 } },
    { id: 'rb-1', kind: 'receipt-box', transport: { type: 'serial' } },
  ],
};

function issuesOf(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof AgentConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected an AgentConfigError');
}

describe(loadAgentConfig.name, () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads YAML and resolves bufferPath against the file', () => {
    const file = path.join(dir, 'agent.yaml');
    fs.writeFileSync(
      file,
      [
        'branch: b1',
        'mqtt: { url: "mqtt://localhost:1883", username: agent-b1, password: secret }',
        'bufferPath: ./state',
        'devices:',
        '  - id: tp-1',
        '    kind: ticket-printer',
        '    transport: { type: serial, path: /dev/ttyUSB0 }',
      ].join('\n'),
    );
    const config = loadAgentConfig(file);
    expect(config.branch).toBe('b1');
    expect(config.bufferPath).toBe(path.join(dir, 'state'));
    expect(config.devices[0].transport).toEqual({ type: 'serial', path: '/dev/ttyUSB0' });
  });

  it('reads JSON', () => {
    const file = path.join(dir, 'agent.json');
    const ok = { ...valid, devices: valid.devices.slice(0, 2) };
    fs.writeFileSync(file, JSON.stringify(ok));
    expect(loadAgentConfig(file).devices).toHaveLength(2);
  });

  it('names the path of each problem readably', () => {
    expect(issuesOf(() => parseAgentConfig(JSON.stringify(valid), 'a.json'))).toEqual(['devices.2.transport.path: Required']);
    const bad = { ...valid, mqtt: { url: 'http://x' }, devices: [] };
    expect(issuesOf(() => parseAgentConfig(JSON.stringify(bad), 'a.json'))).toEqual([
      'mqtt.url: must be an mqtt:// or mqtts:// URL',
      'mqtt.username: Required',
      'mqtt.password: Required',
    ]);
  });

  it('reports duplicate device ids and unknown fields', () => {
    const dup = { ...valid, devices: [valid.devices[0], valid.devices[0]] };
    expect(issuesOf(() => parseAgentConfig(JSON.stringify(dup), 'a.json'))).toEqual(['devices.1.id: duplicate device id tp-1']);
    const extra = { ...valid, devices: valid.devices.slice(0, 2), extra: 1 };
    expect(issuesOf(() => parseAgentConfig(JSON.stringify(extra), 'a.json'))[0]).toMatch(/^\(root\): Unrecognized key/);
  });

  it('reports syntax errors and missing files', () => {
    expect(issuesOf(() => parseAgentConfig('branch: [', 'a.yaml'))[0]).toMatch(/^\(syntax\): /);
    expect(issuesOf(() => loadAgentConfig(path.join(dir, 'missing.yaml')))[0]).toMatch(/^\(file\): ENOENT/);
  });
});

describe('config/agents/example-branch.yaml', () => {
  it('is a valid agent config', () => {
    const config = loadAgentConfig(path.join(__dirname, '../../../../config/agents/example-branch.yaml'));
    expect(config.devices.map((d) => d.kind)).toEqual(['ticket-printer', 'light-box', 'light-box', 'receipt-box', 'cash-dispenser']);
  });
});
