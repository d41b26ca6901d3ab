// `npm start`, `npm run start:central`, `npm run start:agent -- --config FILE`:
//   node scripts/start.mjs dist/apps/<program>/src/main.js [args…]
// Builds what changed (build.mjs), then runs the program in this same process. npm passes
// SIGTERM and SIGINT on to its child, the script's shell, which `exec` has replaced with this
// process: they reach the program itself, and npm exits with the program's exit code. No shell
// or second node stays in between that could die and leave the program (and what it started)
// running.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ROOT, build } from './build.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/start.mjs dist/apps/<program>/src/main.js [args…]\n');
  process.exit(2);
}

// A signal during the build stops the build's child too, and nothing is started.
const children = [];
const stopBuild = (signal) => {
  for (const child of children) child.kill(signal);
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
process.on('SIGTERM', stopBuild);
process.on('SIGINT', stopBuild);
try {
  await build({ onChild: (child) => children.push(child) });
} catch (error) {
  process.stderr.write(`build failed: ${error.message}\n`);
  process.exit(1);
}
process.off('SIGTERM', stopBuild);
process.off('SIGINT', stopBuild);

const program = path.resolve(ROOT, entry);
// The program reads its own arguments from process.argv, as when started as `node main.js …`.
process.argv = [process.argv[0], program, ...args];
createRequire(import.meta.url)(program);
