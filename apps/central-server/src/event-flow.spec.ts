import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'web' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const ALL = [...sources('libs'), ...sources('apps')];
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The entity classes fleet defines (its tables). */
function fleetEntities(): string[] {
  return sources('libs/fleet/src/entities').flatMap((path) => [...read(path).matchAll(/export class (\w+Entity)\b/g)].map((m) => m[1]));
}

/** The names a file imports from a module (`import { A, type B } from '…'`). */
function importsFrom(text: string, module: RegExp): string[] {
  return [...text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'([^']+)'/g)]
    .filter((m) => module.test(m[2]))
    .flatMap((m) => m[1].split(',').map((name) => name.replace(/^\s*type\s+/, '').split(/\s+as\s+/)[0].trim()))
    .filter(Boolean);
}

/** Source checks of the central event flow (docs/architecture.md, "Event flow"). */
describe('central event flow boundaries', () => {
  it('finds the sources and fleet entities it checks (a broken scan would pass everything)', () => {
    expect(ALL.length).toBeGreaterThan(100);
    expect(fleetEntities()).toEqual(expect.arrayContaining(['BranchEntity', 'DeviceEntity', 'AgentEntity', 'DeviceStatusEntity', 'FleetEventEntity']));
  });

  it('no code outside libs/fleet imports a fleet entity or reads a fleet table by name', () => {
    const entities = new Set(fleetEntities());
    const violations = ALL.filter((path) => !path.startsWith('libs/fleet/')).flatMap((path) => {
      const text = read(path);
      const imported = importsFrom(text, /^@lobby\/fleet$|fleet\/src\/entities/).filter((name) => entities.has(name));
      const byName = [...text.matchAll(/getRepository\(\s*'(branch|device|agent|device_status|fleet_event|device_command|ingest_dead_letter)'\s*\)/g)].map((m) => `getRepository('${m[1]}')`);
      return [...imported, ...byName].map((what) => `${relative('.', path)}: ${what}`);
    });
    expect(violations).toEqual([]);
  });

  it('no injectable service exposes an rxjs Subject (events go through the DomainEventBus)', () => {
    const publicSubject = /^\s*(?:public\s+)?(?:readonly\s+)?(\w+\$?)\s*(?::\s*\w*Subject<[^=]*)?=\s*new\s+(?:Replay|Behavior|Async)?Subject\b|^\s*(?:public\s+)?(?:readonly\s+)?(\w+\$?)\s*:\s*(?:Replay|Behavior|Async)?Subject</gm;
    const violations = ALL.filter((path) => /@Injectable\(/.test(read(path))).flatMap((path) =>
      [...read(path).matchAll(publicSubject)].map((m) => `${path}: ${m[1] ?? m[2]}`),
    );
    expect(violations).toEqual([]);
  });
});
