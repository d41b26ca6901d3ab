import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEVICE_KINDS } from '@lobby/contracts';

const ROOT = join(__dirname, '../../..');
const KIND_FOLDER = new RegExp(`^libs/devices/src/(${DEVICE_KINDS.join('|')})/`);

/**
 * The only places outside a kind's own folder that may name a kind: a new kind must not need
 * edits anywhere else (docs/adding-a-device-kind.md). Each entry says why it is legitimate.
 */
const ALLOWED: Record<string, string> = {
  'libs/contracts/src/device-kind.ts': 'the contract enum of kinds',
  'libs/contracts/src/commands.ts': 'the contract: which command actions a kind accepts',
  'libs/devices/src/device-registry.ts': 'the registry of drivers, one line per kind',
  'libs/devices/src/device-profiles.ts': 'the registry of profiles, one line per kind',
  'apps/device-simulator/src/main.ts': 'simulator command line: the kind to simulate',
  'apps/device-simulator/src/simulator-args.ts': 'simulator command line: the kind to simulate',
  'apps/device-simulator/src/simulator-host.ts': 'simulator: the cash machine speaks MQTT, the rest serial',
  'apps/demo/src/demo-fleet.ts': 'the demo fleet: which devices the demo branches have',
  'apps/demo/src/main.ts': 'the demo: drives the simulated cash machines',
  'apps/web/src/admin/devices.tab.tsx': 'dashboard: kind picker (the web app has its own i18n resources)',
  'apps/web/src/lobby/light-boxes.panel.tsx': 'dashboard: the light-box panel',
  'apps/web/src/maintenance/refill-buttons.tsx': 'dashboard: which 已换纸 / 已换色带 / 已清空回单格 buttons a device shows (the web app has no server profiles)',
};

const KIND_LITERAL = new RegExp(`['"\`](${DEVICE_KINDS.join('|')})['"\`]`);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'testing') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.(spec|test)\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('places that name a device kind', () => {
  it('are the kind folders and the allow-listed registries only', () => {
    const naming = [...sources(join(ROOT, 'libs')), ...sources(join(ROOT, 'apps'))]
      .filter((path) => KIND_LITERAL.test(readFileSync(path, 'utf8')))
      .map((path) => relative(ROOT, path).split('\\').join('/'))
      .filter((path) => !KIND_FOLDER.test(path))
      .sort();
    expect(naming.filter((path) => !(path in ALLOWED))).toEqual([]);
  });
});
