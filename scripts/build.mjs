// `npm run build`: builds what changed, and only that.
//
// Steps, each skipped when its inputs are byte for byte those of its last successful build and
// its outputs are all there:
//   server  apps, libs, bench and test support (tsconfig.build.json) → dist/, with TypeScript's
//           incremental build info, path aliases rewritten (tsc-alias), and the outputs of deleted
//           sources removed, so a `git pull` that deletes or renames a file leaves nothing stale;
//   web     the dashboard (apps/web) → dist/web through `npm run build:web`, when both exist.
// The fingerprint of a step is a hash of its input files' paths and contents (not their times), so
// a checkout, a pull or a touched-but-unchanged file all give the right answer. `rm -rf dist`
// forces a full build. Usable as a module: `start.mjs` builds before it runs a program.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATE_DIR = path.join(ROOT, 'dist', '.build');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git']);
/** The dashboard is self-contained (it imports packages, never `libs/`): a web app that starts
 *  importing a lib must list it here, or a change there would not rebuild it. */
const WEB_INPUTS = ['apps/web', 'package-lock.json'];

/** Runs every step that is out of date; resolves when all are built, rejects with the reason. */
export async function build({ log = (line) => process.stderr.write(`${line}\n`), onChild = () => undefined } = {}) {
  for (const step of steps()) {
    const fingerprint = fingerprintOf(step.inputs());
    const stampFile = path.join(STATE_DIR, `${step.name}.fingerprint`);
    const missing = step.missingOutputs();
    if (!missing && readOr(stampFile, '') === fingerprint) continue;
    const started = Date.now();
    log(`build: ${step.name}: ${missing ? `building (${missing})` : 'sources changed, rebuilding'}`);
    fs.rmSync(stampFile, { force: true });
    await step.run({ onChild });
    fs.mkdirSync(STATE_DIR, { recursive: true });
    fs.writeFileSync(stampFile, fingerprint);
    log(`build: ${step.name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

function steps() {
  const all = [serverStep()];
  const web = webStep();
  if (web) all.push(web);
  return all;
}

function serverStep() {
  const config = readTsconfig('tsconfig.build.json');
  const roots = config.include.map(globRoot);
  const excluded = (rel) => config.exclude.some((pattern) => matchesExclude(rel, pattern));
  const sources = () => roots.flatMap((root) => listFiles(root)).filter((rel) => rel.endsWith('.ts') && !rel.endsWith('.d.ts') && !excluded(rel));
  const outputOf = (rel) => path.join(ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
  const buildInfo = path.join(STATE_DIR, 'server.tsbuildinfo');
  return {
    name: 'server',
    inputs: () => [...new Set([...roots.flatMap((root) => listFiles(root)).filter((rel) => !excluded(rel)), ...config.files])],
    missingOutputs: () => {
      const lost = sources().filter((rel) => !fs.existsSync(outputOf(rel)));
      return lost.length ? `${lost.length} of ${sources().length} outputs missing` : undefined;
    },
    run: async ({ onChild }) => {
      const compile = async () => {
        fs.mkdirSync(STATE_DIR, { recursive: true });
        await run('tsc', process.execPath, [bin('typescript', 'tsc'), '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', buildInfo], onChild);
        await run('tsc-alias', process.execPath, [bin('tsc-alias', 'tsc-alias'), '-p', 'tsconfig.build.json'], onChild);
      };
      await compile();
      // The build info thinks outputs that were deleted by hand are still there: start afresh.
      if (sources().some((rel) => !fs.existsSync(outputOf(rel)))) {
        fs.rmSync(buildInfo, { force: true });
        await compile();
      }
      pruneStaleOutputs(roots, new Set(sources().map(outputOf)));
    },
  };
}

/** Present only once the dashboard exists: `apps/web` and a `build:web` script. */
function webStep() {
  const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts ?? {};
  if (!scripts['build:web'] || !fs.existsSync(path.join(ROOT, 'apps/web'))) return undefined;
  const viteConfigs = fs.readdirSync(ROOT).filter((name) => /^vite\.config\.[cm]?[jt]s$/.test(name));
  return {
    name: 'web',
    // The script's own text is an input too: a changed `build:web` rebuilds.
    inputs: () => [...WEB_INPUTS.flatMap((rel) => listFiles(rel)), ...viteConfigs, { text: scripts['build:web'] }],
    missingOutputs: () => (fs.existsSync(path.join(ROOT, 'dist/web/index.html')) ? undefined : 'dist/web/index.html missing'),
    run: ({ onChild }) => run('npm run build:web', npmCommand(), ['run', '--silent', 'build:web'], onChild),
  };
}

/** Every file under a path (a file or a folder), relative to the root, sorted. */
function listFiles(rel) {
  const full = path.join(ROOT, rel);
  let stat;
  try {
    stat = fs.statSync(full);
  } catch {
    return [];
  }
  if (stat.isFile()) return [rel];
  const found = [];
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const child = path.posix.join(rel.split(path.sep).join('/'), entry.name);
    if (entry.isDirectory()) found.push(...listFiles(child));
    else if (entry.isFile()) found.push(child);
  }
  return found.sort();
}

function fingerprintOf(inputs) {
  const hash = createHash('sha256');
  for (const input of inputs) {
    if (typeof input === 'object') {
      hash.update(`text\0${input.text}\0`);
      continue;
    }
    const content = readOr(path.join(ROOT, input), null, null);
    hash.update(`${input}\0${content === null ? 'absent' : createHash('sha256').update(content).digest('hex')}\0`);
  }
  return hash.digest('hex');
}

/** `include`, `exclude` and the config files themselves (`extends` followed), from a tsconfig. */
function readTsconfig(file) {
  const files = [];
  let include;
  let exclude;
  for (let current = file; current; ) {
    files.push(current);
    const json = JSON.parse(fs.readFileSync(path.join(ROOT, current), 'utf8'));
    include ??= json.include;
    exclude ??= json.exclude;
    current = json.extends ? path.posix.join(path.posix.dirname(current), json.extends) : undefined;
  }
  return { files, include: include ?? ['.'], exclude: exclude ?? [] };
}

/** `apps/**\/*.ts` → `apps`: the folder a pattern starts from. */
function globRoot(pattern) {
  const parts = pattern.split('/');
  const fixed = parts.slice(0, parts.findIndex((part) => /[*?[{]/.test(part)));
  return fixed.length ? fixed.join('/') : '.';
}

/** The two shapes tsconfig excludes take here: a folder (`dist`) and `**\/*.suffix`. Others match nothing (more is hashed, never less). */
function matchesExclude(rel, pattern) {
  const suffix = /^\*\*\/\*(\.[\w.]+)$/.exec(pattern);
  if (suffix) return rel.endsWith(suffix[1]);
  if (/[*?[{]/.test(pattern)) return false;
  const folder = pattern.replace(/\/+$/, '');
  return rel === folder || rel.startsWith(`${folder}/`);
}

/** Removes `dist/…/x.js` (and its map) whose `x.ts` is gone. Only under the server's own roots. */
function pruneStaleOutputs(roots, expected) {
  for (const root of roots) {
    for (const rel of listFiles(path.posix.join('dist', root))) {
      const js = rel.endsWith('.js.map') ? rel.slice(0, -'.map'.length) : rel;
      if (!js.endsWith('.js')) continue;
      if (!expected.has(path.join(ROOT, js))) fs.rmSync(path.join(ROOT, rel), { force: true });
    }
  }
}

function bin(pkg, name) {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8'));
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name];
  return path.join(ROOT, 'node_modules', pkg, relative);
}

function npmCommand() {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

function run(label, command, args, onChild) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    onChild(child);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${label} ${signal ? `was stopped by ${signal}` : `exited with code ${code}`}`));
    });
  });
}

function readOr(file, fallback, encoding = 'utf8') {
  try {
    return fs.readFileSync(file, encoding ?? undefined);
  } catch {
    return fallback;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  build().catch((error) => {
    process.stderr.write(`build failed: ${error.message}\n`);
    process.exit(1);
  });
}
