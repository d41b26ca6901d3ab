import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { exceedsJsonBounds } from '@lobby/contracts';
import { CentralConfig, Clock, JsonLogger, Metrics, redactUrl, SystemClock } from '@lobby/platform';
import { AppModule } from './app.module';
import { CentralRuntime } from './central.runtime';
import { securityHeaders } from './http/security-headers';
import { defaultWebRoot, serveWebApp } from './http/web-app.static';

export interface CentralServer {
  app: INestApplication;
  httpUrl: string;
  mqttUrl: string;
  /** Set when the admin was seeded with a generated password at this start. */
  generatedAdminPassword?: string;
  close(): Promise<void>;
}

/** Builds and starts the central server (used by main.ts, the demo and the tests). */
export async function startCentralServer(
  config: CentralConfig,
  options: { clock?: Clock; logger?: JsonLogger; metrics?: Metrics; webRoot?: string } = {},
): Promise<CentralServer> {
  const logger = options.logger ?? new JsonLogger('central', config.logLevel);
  const app = await NestFactory.create(
    AppModule.forRoot({ config, clock: options.clock ?? new SystemClock(), logger, metrics: options.metrics ?? new Metrics() }),
    { logger, bodyParser: false, abortOnError: false },
  );
  (app.getHttpAdapter().getInstance() as express.Express).disable('x-powered-by');
  app.use(...securityHeaders());
  app.use(express.json({ limit: '256kb' }));
  app.use(jsonBodyErrors);
  app.use(jsonBodyDepth);
  if (config.http.corsOrigins.length) app.enableCors({ origin: config.http.corsOrigins });
  serveWebApp(app, options.webRoot ?? defaultWebRoot(), logger);
  try {
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    // A half-started server (database open, broker maybe listening) must not linger.
    await app.close().catch(() => undefined);
    throw error;
  }
  const address = (app.getHttpServer() as import('node:http').Server).address() as { port: number };
  const runtime = app.get(CentralRuntime);
  const httpUrl = `http://127.0.0.1:${address.port}`;
  const mqttUrl = config.mqtt.url ?? `mqtt://127.0.0.1:${runtime.mqttPort}`;
  logger.info('central server ready', { http: httpUrl, mqtt: redactUrl(mqttUrl), database: config.database.type });
  return {
    app,
    httpUrl,
    mqttUrl,
    generatedAdminPassword: runtime.generatedAdminPassword,
    close: () => app.close(),
  };
}

/** A body that is not JSON gets the API's JSON error, not Express's HTML page. */
function jsonBodyErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
  if (!status || status >= 500) return next(error);
  res.status(status).json({
    statusCode: status,
    error: status === 413 ? 'Payload Too Large' : 'Bad Request',
    message: status === 413 ? 'request body too large' : `invalid JSON body: ${(error as Error).message}`,
  });
}

/** No API body nests deeper than this; deeper input is refused before any handler walks it. */
const MAX_BODY_DEPTH = 32;

function jsonBodyDepth(req: Request, res: Response, next: NextFunction): void {
  if (!exceedsJsonBounds(req.body, MAX_BODY_DEPTH)) return next();
  res.status(400).json({ statusCode: 400, error: 'Bad Request', message: `invalid JSON body: nested deeper than ${MAX_BODY_DEPTH}` });
}
