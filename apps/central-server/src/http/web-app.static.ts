import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import type { JsonLogger } from '@lobby/platform';

/** Paths the API owns: never answered by the web app, so an unknown API path stays a JSON 404. */
const API_PATH = /^\/(api|metrics)(\/|$)/;

/** Where `npm run build:web` puts the dashboard. */
export function defaultWebRoot(): string {
  return resolve(process.env.WEB_DIST ?? join(process.cwd(), 'dist', 'web'));
}

/**
 * The dashboard's static files at `/`, open without a token (they hold no data), with the
 * single-page app's client routes (`/lobby`, `/devices/TP-1`…) answered by index.html.
 * Without a build the server runs as the API alone.
 */
export function serveWebApp(app: INestApplication, root: string, logger: JsonLogger): boolean {
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    logger.info('web app not built: serving the API only (run `npm run build:web`)', { root });
    return false;
  }
  const files = express.static(root, { index: false, fallthrough: true, maxAge: 0 });
  const assets = express.static(join(root, 'assets'), { immutable: true, maxAge: '365d' });
  // Hashed file names: cached for good. A missing one is a plain 404, not the app's page.
  app.use('/assets', (req: Request, res: Response) => {
    void assets(req, res, () => res.status(404).type('text/plain').send('not found'));
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (API_PATH.test(req.path) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    void files(req, res, () => {
      // A client route: the app decides what to show (and asks for a login first).
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(index);
    });
  });
  logger.info('web app served at /', { root });
  return true;
}
