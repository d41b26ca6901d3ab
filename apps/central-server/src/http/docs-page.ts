import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The browsable API page: Swagger UI from the `swagger-ui-dist` package (no CDN), started by a
 * small script file of our own, since the Content-Security-Policy allows scripts from this origin
 * only (`script-src 'self'`), never inline ones.
 */
export const DOCS_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

export const DOCS_INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/docs.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    persistAuthorization: false,
  });
});
`;

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Lobby device-fleet monitor · API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/initializer.js"></script>
</body>
</html>
`;

const cache = new Map<string, Buffer>();

/** A file of the swagger-ui-dist package, read once. */
export function docsAsset(name: string): Buffer {
  let held = cache.get(name);
  if (!held) {
    held = readFileSync(join(dirname(require.resolve('swagger-ui-dist/package.json')), name));
    cache.set(name, held);
  }
  return held;
}
