import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { ensureBuilt, PROGRAMS, ProcessGroup, REPO_ROOT } from '../../support/processes';
import { TestBroker } from './broker.harness';

/** Packages only the central server needs; an edge agent that loads one carries the database. */
const CENTRAL_ONLY = ['typeorm', '@nestjs/typeorm', 'sqlite3', 'better-sqlite3', 'pg', 'pg-pool', 'prom-client'];

/** Loaded with `node --require` into the agent: at exit, every module file it loaded, one a line. */
const RECORDER = `'use strict';
const fs = require('node:fs');
process.on('exit', () => fs.writeFileSync(process.env.LOADED_MODULES_FILE, Object.keys(require.cache).join('\\n')));
`;

/**
 * The edge agent runs on a branch PC without a database: the built program, started as a user
 * starts it, connected to a broker with a simulated device, then stopped cleanly, must not have
 * loaded TypeORM or any database driver (it did while clock and logger lived with them).
 */
describe('the edge agent loads no database code', () => {
  const group = new ProcessGroup();
  let broker: TestBroker;
  let dir: string;

  beforeAll(async () => {
    await ensureBuilt();
    broker = await TestBroker.start();
    dir = fs.mkdtempSync(path.join(tmpdir(), 'lobby-edge-modules-'));
  }, 240_000);

  afterAll(async () => {
    await group.killAll();
    await broker?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts, connects, publishes and stops without typeorm, sqlite3, pg or better-sqlite3', async () => {
    const recorder = path.join(dir, 'record-modules.cjs');
    fs.writeFileSync(recorder, RECORDER);
    const loadedFile = path.join(dir, 'loaded-modules.txt');
    const config = path.join(dir, 'agent.yaml');
    fs.writeFileSync(
      config,
      stringify({
        branch: 'edge-modules',
        mqtt: { url: broker.url, username: 'agent-edge-modules', password: 'unused-by-this-broker' },
        bufferPath: 'buffer',
        logLevel: 'info',
        devices: [{ id: 'edge-modules-tp1', kind: 'ticket-printer', transport: { type: 'serial', path: 'sim:tp1' } }],
      }),
    );
    const agent = group.start('agent', process.execPath, {
      args: ['--require', recorder, path.join(REPO_ROOT, PROGRAMS.agent), '--config', config],
      env: { LOG_LEVEL: 'info', LOADED_MODULES_FILE: loadedFile },
    });
    await agent.waitForMsg('connected to the centre', 20_000);
    expect(await agent.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    const loaded = fs.readFileSync(loadedFile, 'utf8').split('\n');
    // The recorder works: the agent's own code and its MQTT client are in the list.
    expect(loaded.some((file) => file.endsWith(path.join('libs', 'edge', 'src', 'edge-agent.js')))).toBe(true);
    expect(loaded.some((file) => file.includes(`${path.sep}node_modules${path.sep}mqtt${path.sep}`))).toBe(true);
    const inPackage = (file: string, name: string): boolean => file.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`);
    const offending = CENTRAL_ONLY.filter((name) => loaded.some((file) => inPackage(file, name)));
    expect(offending).toEqual([]);
  }, 60_000);
});
