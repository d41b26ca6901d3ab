import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonLogger, loadCentralConfig } from '@lobby/platform';
import { CentralServer, startCentralServer } from '../../../apps/central-server/src/central-server';

/** The central server serves the built dashboard at `/` beside the API, and runs without it. */
describe('the web app on the central server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lobby-web-'));
  const servers: CentralServer[] = [];

  const start = async (webRoot: string): Promise<string> => {
    const config = loadCentralConfig({
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, `db-${servers.length}.sqlite`)}`,
      ADMIN_PASSWORD: 'admin-password-1',
      FLEET_FILE: join(dir, 'no-fleet.yaml'),
      MQTT_PORT: '0',
      LOG_LEVEL: 'error',
    });
    const server = await startCentralServer(config, { webRoot, logger: new JsonLogger('central', 'error') });
    servers.push(server);
    return server.httpUrl;
  };

  afterAll(async () => {
    for (const server of servers) await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for client routes, assets as files, without a token; the API keeps its JSON', async () => {
    const root = join(dir, 'web');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>dashboard</title><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    const url = await start(root);

    for (const path of ['/', '/lobby', '/devices/TP-1', '/branches/BJ-1']) {
      const page = await fetch(`${url}${path}`);
      expect([path, page.status, page.headers.get('content-type')]).toEqual([path, 200, expect.stringContaining('text/html')]);
      expect(await page.text()).toContain('<div id="root">');
    }
    const asset = await fetch(`${url}/assets/index-abc.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);

    const unknownApi = await fetch(`${url}/api/no-such-thing`);
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get('content-type')).toContain('application/json');
    expect((await fetch(`${url}/api/devices`)).status).toBe(401);
    expect(await (await fetch(`${url}/metrics`)).text()).not.toContain('<div id="root">');
  });

  it('starts as the API alone when the dashboard is not built', async () => {
    const url = await start(join(dir, 'not-built'));
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    const root = await fetch(`${url}/`);
    expect(root.status).toBe(404);
    expect(await root.text()).not.toContain('<div id="root">');
  });
});
