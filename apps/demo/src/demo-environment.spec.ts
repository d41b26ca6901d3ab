import { createServer, Server } from 'node:net';
import { join, resolve } from 'node:path';
import { browserUrl, demoEnvironment } from './demo-environment';

const listen = (port: number, host: string) =>
  new Promise<Server>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(port, host, () => done(server));
  });
const freePort = async () => {
  const server = await listen(0, '127.0.0.1');
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
};

describe(demoEnvironment.name, () => {
  it('listens on this machine only, with the demo admin password, unless told otherwise', async () => {
    const { env } = await demoEnvironment({ HTTP_PORT: '3100' });
    expect(env).toMatchObject({ HTTP_HOST: '127.0.0.1', HTTP_PORT: '3100', ADMIN_PASSWORD: 'demo-admin' });
    const { env: given } = await demoEnvironment({ HTTP_PORT: '3100', HTTP_HOST: '0.0.0.0', ADMIN_PASSWORD: 'a-secret-of-mine' });
    expect(given).toMatchObject({ HTTP_HOST: '0.0.0.0', ADMIN_PASSWORD: 'a-secret-of-mine' });
  });

  it('keeps the database in DEMO_DATA_DIR when that is set, else where the central server keeps it', async () => {
    const inDir = await demoEnvironment({ HTTP_PORT: '3100', DEMO_DATA_DIR: '/tmp/demo-x' });
    expect(inDir).toMatchObject({ dataDir: '/tmp/demo-x', env: { DATABASE_URL: `sqlite:${join('/tmp/demo-x', 'lobby.sqlite')}` } });
    const byDefault = await demoEnvironment({ HTTP_PORT: '3100' });
    expect(byDefault.dataDir).toBe(resolve('data/demo'));
    expect(byDefault.env.DATABASE_URL).toBeUndefined();
    const explicit = await demoEnvironment({ HTTP_PORT: '3100', DEMO_DATA_DIR: '/tmp/demo-x', DATABASE_URL: 'postgres://db/lobby' });
    expect(explicit.env.DATABASE_URL).toBe('postgres://db/lobby');
  });

  it('takes the default HTTP port when it is free and a free one when it is taken, unless HTTP_PORT says', async () => {
    const port = await freePort();
    expect((await demoEnvironment({}, port)).env.HTTP_PORT).toBe(String(port));
    const taken = await listen(port, '127.0.0.1');
    try {
      expect((await demoEnvironment({}, port)).env.HTTP_PORT).toBe('0');
      expect((await demoEnvironment({ HTTP_PORT: String(port) }, port)).env.HTTP_PORT).toBe(String(port));
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });
});

describe(browserUrl.name, () => {
  it.each([
    ['127.0.0.1', 'http://localhost:3000'],
    ['0.0.0.0', 'http://localhost:3000'],
    ['::', 'http://localhost:3000'],
    ['192.168.1.20', 'http://192.168.1.20:3000'],
    ['fd00::1', 'http://[fd00::1]:3000'],
  ])('%s → %s', (host, url) => {
    expect(browserUrl(host, 3000)).toBe(url);
  });
});
