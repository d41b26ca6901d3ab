import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Topics } from '@lobby/contracts';
import { TestCentral } from '../../support/test-central';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '../../..');

/** README.md and every Markdown file under docs/: what a user of the repository reads. */
function userDocs(): { file: string; text: string }[] {
  const files = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) files.push(path);
    }
  };
  walk('docs');
  return files.map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));
}

/** The documentation stands on its own: it points only at files in the repository and covers the wire and the API. */
describe('user documentation', () => {
  let central: TestCentral;

  beforeAll(async () => {
    central = await new TestCentral().start();
  });
  afterAll(async () => {
    await central?.stop();
  });

  it('points at no file outside the repository', () => {
    const outside = /CONTRACT\.md|DOMAIN\.md|ARCHITECTURE\.md|STYLE\.md|\.\.\/shared/;
    const hits = userDocs().flatMap(({ file, text }) => text.split('\n').flatMap((line, i) => (outside.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
    expect(hits).toEqual([]);
  });

  it('names only repository paths that exist', () => {
    const missing: string[] = [];
    for (const { file, text } of userDocs()) {
      for (const [, path] of text.matchAll(/`((?:apps|libs|config|docs|test)\/[A-Za-z0-9_./-]+)`/g)) {
        const clean = path.replace(/\/$/, '');
        if (clean.includes('*') || clean.includes('{')) continue;
        if (!existsSync(join(ROOT, clean))) missing.push(`${relative(ROOT, join(ROOT, file))}: ${clean}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('lists every HTTP route of the server in docs/api.md', async () => {
    const api = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
    const paths = (await central.http.get('/api/docs.json')).body.paths as Record<string, Record<string, unknown>>;
    const undocumented = Object.entries(paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .filter((route) => !route.startsWith('GET /api/docs'))
      .filter((route) => !api.includes(route) && !new RegExp(`${route.split(' ')[0]} ${escape(route.split(' ')[1])}[?\` ]`).test(api));
    expect(undocumented).toEqual([]);
  });

  it('lists every MQTT topic in docs/mqtt.md', () => {
    const mqtt = readFileSync(join(ROOT, 'docs/mqtt.md'), 'utf8');
    const topics = [
      Topics.centralState(),
      Topics.agentState('{branch}'),
      Topics.agentHealth('{branch}'),
      Topics.agentEvent('{branch}'),
      Topics.deviceStatus('{branch}', '{device}'),
      Topics.deviceEvent('{branch}', '{device}'),
      Topics.deviceCmd('{branch}', '{device}'),
      Topics.deviceCmdResult('{branch}', '{device}'),
    ];
    expect(topics.filter((topic) => !mqtt.includes(`\`${topic}\``))).toEqual([]);
    expect(mqtt).toMatch(/"name": "取号机 1"/);
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
