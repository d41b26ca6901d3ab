import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { DEMO_ADMIN_PASSWORD } from './demo-fleet';

const DEFAULT_HTTP_PORT = 3000;
const LOOPBACK = new Set(['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost']);

/**
 * The central server's environment for the demo, which differs from a server's in what its
 * defaults are: the demo listens on this machine only (its passwords are printed and documented),
 * the admin gets a known password, `DEMO_DATA_DIR` holds the database too when set, and with
 * `HTTP_PORT` unset a taken port 3000 falls back to a free one (the banner prints the address).
 */
export async function demoEnvironment(env: NodeJS.ProcessEnv, defaultHttpPort = DEFAULT_HTTP_PORT): Promise<{ env: NodeJS.ProcessEnv; dataDir: string }> {
  const dataDir = resolve(env.DEMO_DATA_DIR || join('data', 'demo'));
  const host = env.HTTP_HOST || '127.0.0.1';
  return {
    dataDir,
    env: {
      ...env,
      HTTP_HOST: host,
      HTTP_PORT: env.HTTP_PORT || String((await portIsFree(defaultHttpPort, host)) ? defaultHttpPort : 0),
      ADMIN_PASSWORD: env.ADMIN_PASSWORD || DEMO_ADMIN_PASSWORD,
      DATABASE_URL: env.DATABASE_URL || (env.DEMO_DATA_DIR ? `sqlite:${join(dataDir, 'lobby.sqlite')}` : undefined),
    },
  };
}

/** The address a browser on this machine uses: `localhost` for a loopback or wildcard bind. */
export function browserUrl(host: string, port: number): string {
  const name = LOOPBACK.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, host, () => probe.close(() => done(true)));
  });
}
