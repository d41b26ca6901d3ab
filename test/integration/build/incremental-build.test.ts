import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/processes';

/**
 * `npm run build` (scripts/build.mjs) on a small project of its own shape: a step runs only when
 * its sources changed by content, and what it leaves in dist/ is what a full build would leave
 * (changed files recompiled, outputs of deleted sources gone, outputs deleted by hand rebuilt).
 */
describe('scripts/build.mjs', () => {
  let dir: string;

  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
  const exists = (rel: string) => fs.existsSync(path.join(dir, rel));
  const build = () => {
    const result = spawnSync(process.execPath, [path.join(dir, 'scripts/build.mjs')], { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`build failed (${String(result.status)}):\n${result.stdout}${result.stderr}`);
    return result.stderr;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(tmpdir(), 'lobby-build-'));
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.copyFileSync(path.join(REPO_ROOT, 'scripts/build.mjs'), path.join(dir, 'scripts/build.mjs'));
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    write('package.json', JSON.stringify({ name: 'fixture', private: true, scripts: {} }));
    write('package-lock.json', '{}');
    write(
      'tsconfig.json',
      JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', types: [], strict: true, sourceMap: true, baseUrl: './', paths: { '@fx/lib': ['libs/lib/src'] } } }),
    );
    write(
      'tsconfig.build.json',
      JSON.stringify({ extends: './tsconfig.json', compilerOptions: { rootDir: './', outDir: './dist' }, include: ['apps/**/*.ts', 'libs/**/*.ts'], exclude: ['node_modules', 'dist', 'apps/web', '**/*.spec.ts'] }),
    );
    write('libs/lib/src/index.ts', "export const greeting = 'hello';\n");
    write('apps/app/src/main.ts', "import { greeting } from '@fx/lib';\nimport { extra } from './extra';\nexport const text = `${greeting} ${extra}`;\n");
    write('apps/app/src/extra.ts', "export const extra = 'one';\n");
    write('apps/app/src/main.spec.ts', 'export {};\n');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (rel: string): unknown => {
    const result = spawnSync(process.execPath, ['-p', `require(${JSON.stringify(path.join(dir, rel))}).text`], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout.trim();
  };

  it('builds once, then skips while the sources are the same, however their times change', () => {
    expect(build()).toMatch(/server: building/);
    expect(run('dist/apps/app/src/main.js')).toBe('hello one');
    expect(read('dist/apps/app/src/main.js')).not.toContain('@fx/lib');
    const mtime = fs.statSync(path.join(dir, 'dist/apps/app/src/main.js')).mtimeMs;

    expect(build()).toBe('');
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(dir, 'libs/lib/src/index.ts'), later, later);
    write('apps/app/src/main.spec.ts', 'export const changedTestOnly = 1;\n');
    expect(build()).toBe('');
    expect(fs.statSync(path.join(dir, 'dist/apps/app/src/main.js')).mtimeMs).toBe(mtime);
  });

  it('recompiles a changed source, removes the outputs of a deleted one and rebuilds outputs deleted by hand', () => {
    build();
    write('libs/lib/src/index.ts', "export const greeting = 'bonjour';\n");
    write('apps/app/src/main.ts', "import { greeting } from '@fx/lib';\nexport const text = greeting;\n");
    fs.rmSync(path.join(dir, 'apps/app/src/extra.ts'));
    expect(build()).toMatch(/server: sources changed/);
    expect(run('dist/apps/app/src/main.js')).toBe('bonjour');
    expect([exists('dist/apps/app/src/extra.js'), exists('dist/apps/app/src/extra.js.map')]).toEqual([false, false]);

    fs.rmSync(path.join(dir, 'dist/libs/lib/src/index.js'));
    expect(build()).toMatch(/server: building \(1 of 2 outputs missing\)/);
    expect(run('dist/apps/app/src/main.js')).toBe('bonjour');
  });

  it('fails, and builds again next time, when the sources do not compile', () => {
    build();
    write('libs/lib/src/index.ts', 'export const greeting: number = "not a number";\n');
    expect(() => build()).toThrow(/build failed/);
    write('libs/lib/src/index.ts', "export const greeting = 'fixed';\n");
    expect(build()).toMatch(/server: sources changed/);
    expect(run('dist/apps/app/src/main.js')).toBe('fixed one');
  });

  it('builds the dashboard through build:web when apps/web exists, and only when apps/web changed', () => {
    const script = "node -e \"require('fs').mkdirSync('dist/web',{recursive:true});require('fs').writeFileSync('dist/web/index.html',require('fs').readFileSync('apps/web/index.html'))\"";
    write('package.json', JSON.stringify({ name: 'fixture', private: true, scripts: { 'build:web': script } }));
    expect(build()).not.toMatch(/web:/);

    write('apps/web/index.html', '<p>one</p>');
    expect(build()).toMatch(/web: building/);
    expect(read('dist/web/index.html')).toBe('<p>one</p>');
    expect(build()).toBe('');

    write('apps/web/index.html', '<p>two</p>');
    const output = build();
    expect(output).toMatch(/web: sources changed/);
    expect(output).not.toMatch(/server:/);
    expect(read('dist/web/index.html')).toBe('<p>two</p>');
  });
});
