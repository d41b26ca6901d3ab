import { TestCentral } from '../../support/test-central';

jest.setTimeout(60_000);

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every `METHOD /path` the HTTP server answers, from Express's router (Nest registers each handler there). */
function registeredRoutes(central: TestCentral): string[] {
  const express = central.server.app.getHttpAdapter().getInstance() as unknown as { router: { stack: RouterLayer[] } };
  return express.router.stack
    .filter((layer) => layer.route)
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`),
    );
}

/** The API documentation: a page a person can read, the document for programs, every route in it. */
describe('API documentation', () => {
  let central: TestCentral;

  beforeAll(async () => {
    central = await new TestCentral().start();
  });
  afterAll(async () => {
    await central?.stop();
  });

  const documented = async (): Promise<Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>> => {
    const response = await central.http.get('/api/docs.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    return response.body.paths;
  };

  it('documents every route the server registered, and nothing it does not answer', async () => {
    const paths = await documented();
    const inDocument = Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    const registered = registeredRoutes(central);
    expect(registered.length).toBeGreaterThan(30);
    expect([...new Set(registered)].sort()).toEqual([...new Set(inDocument)].sort());
  });

  it('lists every parameter, including the stream\'s access_token', async () => {
    const paths = await documented();
    const names = (path: string, method = 'get') => (paths[path][method].parameters ?? []).map((p) => `${p.in}:${p.name}`);
    expect(names('/api/stream')).toContain('query:access_token');
    expect(names('/api/devices/{id}')).toContain('path:id');
    expect(names('/api/checklists/{id}/items/{itemId}', 'patch')).toEqual(['path:id', 'path:itemId']);
    expect(names('/api/alerts')).toEqual(expect.arrayContaining(['query:state', 'query:severity', 'query:sort', 'query:branch', 'query:device', 'query:limit', 'query:offset']));
    expect(names('/api/tasks')).toEqual(expect.arrayContaining(['query:status', 'query:overdue', 'query:sort', 'query:assignee']));
    expect(names('/api/devices')).toEqual(expect.arrayContaining(['query:branch', 'query:kind', 'query:state']));
  });

  it('serves a browsable page from the packaged Swagger UI, without a token and without inline script', async () => {
    const page = await central.http.request('GET', '/api/docs', undefined, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const [, attributes, body] of scripts) {
      expect(body.trim()).toBe(''); // a CSP of script-src 'self' refuses inline code
      const src = /src="([^"]+)"/.exec(attributes)![1];
      expect(src.startsWith('/api/docs/')).toBe(true);
      const file = await central.http.get(src);
      expect({ src, status: file.status }).toEqual({ src, status: 200 });
      expect(file.headers.get('content-type')).toMatch(/javascript/);
    }
    expect(page.text).not.toMatch(/https?:\/\//); // nothing from a CDN
    const initializer = await central.http.get('/api/docs/initializer.js');
    expect(initializer.text).toContain("url: '/api/docs.json'");
    const css = await central.http.get('/api/docs/swagger-ui.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect((await central.http.get('/api/docs/package.json')).status).toBe(404);
  });

  it('still answers JSON on /api/docs to clients that ask for it', async () => {
    const json = await central.http.request('GET', '/api/docs', undefined, { accept: 'application/json' });
    expect(json.status).toBe(200);
    expect(json.body.openapi).toBe('3.1.0');
  });
});
