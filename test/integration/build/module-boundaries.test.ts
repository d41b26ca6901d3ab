import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');

interface Case {
  file: string;
  code: string;
}

/**
 * Lints code as if it were the given repository file, with the repository's own ESLint config
 * (its Node API, in a child Node: the config is an ES module). Only `no-restricted-imports` runs
 * (and without type information), so this stays fast. Returns each case's messages.
 */
function lintAs(cases: Case[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    const eslint = new ESLint({
      cwd: process.cwd(),
      ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
      overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    });
    const out = [];
    for (const { file, code } of JSON.parse(process.argv[1])) {
      const [result] = await eslint.lintText(code, { filePath: file });
      out.push(result.messages.map((m) => (m.ruleId ?? 'fatal') + ': ' + m.message));
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(cases)], { cwd: REPO_ROOT, encoding: 'utf8' });
  return JSON.parse(output) as string[][];
}

const DATABASE = /no-restricted-imports: .*edge side loads no database code/;
const DEEP = /no-restricted-imports: .*through its index/;
const CROSSING = /no-restricted-imports: .*Another lib's or app's files/;
const ENTITY = /no-restricted-imports: .*Another lib's entity/;

/**
 * The boundaries of README's "Libs and what they may import" are kept by the linter: each
 * deliberate violation below is reported with its own message, and the legal imports are not.
 */
describe('module boundaries (ESLint no-restricted-imports)', () => {
  const violations: [string, Case, RegExp][] = [
    ['edge lib imports TypeORM', { file: 'libs/edge/src/boundary-fixture.ts', code: "import { DataSource } from 'typeorm';\nexport const x = DataSource;\n" }, DATABASE],
    ['devices lib imports a database driver', { file: 'libs/devices/src/core/boundary-fixture.ts', code: "import 'sqlite3';\n" }, DATABASE],
    ['edge lib imports the central platform', { file: 'libs/edge/src/boundary-fixture.ts', code: "import { JsonLogger } from '@lobby/platform';\nexport const x = JsonLogger;\n" }, DATABASE],
    ['contracts import pg', { file: 'libs/contracts/src/boundary-fixture.ts', code: "import { Pool } from 'pg';\nexport const x = Pool;\n" }, DATABASE],
    ['runtime imports a central lib', { file: 'libs/runtime/src/boundary-fixture.ts', code: "import { FLEET_ENTITIES } from '@lobby/fleet';\nexport const x = FLEET_ENTITIES;\n" }, DATABASE],
    ['edge agent app imports TypeORM', { file: 'apps/edge-agent/src/boundary-fixture.ts', code: "import { Repository } from 'typeorm';\nexport const x = Repository;\n" }, DATABASE],
    ['a lib imports another lib by file', { file: 'libs/alerting/src/boundary-fixture.ts', code: "import { IngestLimits } from '@lobby/fleet/src/ingest/ingest-limits';\nexport const x = IngestLimits;\n" }, DEEP],
    ['a lib reaches into another lib by relative path', { file: 'libs/alerting/src/rules/boundary-fixture.ts', code: "import { IngestLimits } from '../../../fleet/src/ingest/ingest-limits';\nexport const x = IngestLimits;\n" }, CROSSING],
    ['a lib imports an app', { file: 'libs/checklists/src/boundary-fixture.ts', code: "import { ENTITIES } from '../../../apps/central-server/src/app.module';\nexport const x = ENTITIES;\n" }, CROSSING],
    ["a lib imports another lib's entity", { file: 'libs/alerting/src/boundary-fixture.ts', code: "import { DeviceEntity } from '@lobby/fleet';\nexport const x = DeviceEntity;\n" }, ENTITY],
    ["an app imports a lib's entity", { file: 'apps/central-server/src/boundary-fixture.ts', code: "import type { UserEntity } from '@lobby/access';\nexport type X = UserEntity;\n" }, ENTITY],
    ['an app imports another app', { file: 'apps/central-server/src/boundary-fixture.ts', code: "import { configPathFromArgs } from '../../edge-agent/src/cli-args';\nexport const x = configPathFromArgs;\n" }, CROSSING],
    ['the demo imports an app other than the central server', { file: 'apps/demo/src/boundary-fixture.ts', code: "import { configPathFromArgs } from '../../edge-agent/src/cli-args';\nexport const x = configPathFromArgs;\n" }, CROSSING],
  ];
  const legal: [string, Case][] = [
    ['a central lib imports libs by their index', { file: 'libs/alerting/src/boundary-fixture.ts', code: "import { DevicesService } from '@lobby/fleet';\nimport { Clock } from '@lobby/platform';\nimport { AlertState } from '@lobby/contracts';\nexport const x = [DevicesService, Clock];\nexport type Y = AlertState;\n" }],
    ['a lib imports its own entity', { file: 'libs/fleet/src/devices/boundary-fixture.ts', code: "import { DeviceEntity } from '../entities/device.entity';\nexport const x = DeviceEntity;\n" }],
    ['the edge imports runtime, contracts and devices', { file: 'libs/edge/src/boundary-fixture.ts', code: "import { Clock } from '@lobby/runtime';\nimport { Topics } from '@lobby/contracts';\nimport { SerialPortProvider } from '@lobby/devices';\nexport const x = [Clock, Topics, SerialPortProvider];\n" }],
    ['the demo starts the central server', { file: 'apps/demo/src/boundary-fixture.ts', code: "import { startCentralServer } from '../../central-server/src/central-server';\nexport const x = startCentralServer;\n" }],
    ['the central server imports platform entities', { file: 'apps/central-server/src/boundary-fixture.ts', code: "import { JobLockEntity } from '@lobby/platform';\nexport const x = JobLockEntity;\n" }],
  ];
  let results: string[][];

  beforeAll(() => {
    results = lintAs([...violations.map(([, c]) => c), ...legal.map(([, c]) => c)]);
  }, 120_000);

  it.each(violations.map(([name, , rule], index) => [name, rule, index] as const))('reports: %s', (_name, rule, index) => {
    expect(results[index]).toEqual([expect.stringMatching(rule)]);
  });

  it.each(legal.map(([name], index) => [name, violations.length + index] as const))('allows: %s', (_name, index) => {
    expect(results[index]).toEqual([]);
  });
});
