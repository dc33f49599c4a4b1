import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { BullMqServer } from '@jcg/messaging';
import { redactUrl, type ServiceConfig } from './config/service-config.js';
import { installCorrelation, installRequestLog } from './http/correlation.js';
import { frameworkErrorProblem } from './http/framework-errors.js';
import { installJsonBodyParser } from './http/json-depth.js';
import { installJsonOnly } from './http/json-only.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { JsonLogger } from './logging/json-logger.js';

export interface StartOptions {
  /** Close cleanly on SIGTERM/SIGINT (the process's main service); off when a test starts several. */
  handleSignals?: boolean;
  /** Called after init and before the HTTP server listens (the API mounts its docs here). */
  beforeListen?: (app: NestFastifyApplication) => void | Promise<void>;
  /** Where the JSON log lines go (standard output when not given). */
  logDestination?: DestinationStream;
}

/** The largest request body any service takes (a bigger one gets a 413 problem). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Starts one service: migrations (while the module initializes), the queue workers, then HTTP.
 * Used by every app's main.ts, by `npm start`, and by the integration tests.
 */
export async function startService(
  module: DynamicModule,
  config: ServiceConfig,
  options: StartOptions = {},
): Promise<NestFastifyApplication> {
  const logger = new JsonLogger(
    { service: config.service, instance: config.instance },
    config.logLevel,
    options.logDestination,
  );
  // Long path parameters reach the route's validation (a 400 problem); longer ones, and malformed
  // URLs, which the router refuses before anything else runs, are answered as problems too.
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: 1000 },
    frameworkErrors: frameworkErrorProblem,
  });
  installCorrelation(adapter.getInstance());
  installJsonOnly(adapter.getInstance());
  installRequestLog(adapter.getInstance());
  installSecurityHeaders(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger,
    abortOnError: false,
    // The API keeps each request's raw bytes: an inbound webhook's signature covers them exactly.
    rawBody: config.service === 'api',
  });
  try {
    installJsonBodyParser(app, BODY_LIMIT_BYTES);
    if (options.handleSignals) app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
    await app.init();
    if (config.service !== 'api') {
      app.connectMicroservice({ strategy: app.get(BullMqServer) }, { inheritAppConfig: true });
      await app.startAllMicroservices();
    }
    await options.beforeListen?.(app);
    await app.listen(config.port, config.host);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  logger.log(
    {
      msg: `${config.service} ready`,
      port: boundPort(app),
      database: redactUrl(config.databaseUrl),
      redis: redactUrl(config.redisUrl),
      queuePrefix: config.queuePrefix,
    },
    'Bootstrap',
  );
  return app;
}

/** The port the HTTP server listens on (useful when PORT is 0 in tests). */
export function boundPort(app: NestFastifyApplication): number {
  const address = app.getHttpServer().address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/**
 * The body of every app's main.ts: read the configuration, start, and on failure print one
 * clear line and exit non-zero (no stack trace for a refused connection or a bad setting).
 */
export function runServiceMain(
  service: ServiceConfig['service'],
  build: (env: NodeJS.ProcessEnv) => { config: ServiceConfig; module: DynamicModule; options?: StartOptions },
): void {
  const started = (async () => {
    const { config, module, options } = build(process.env);
    await startService(module, config, { handleSignals: true, ...options });
  })();
  started.catch((error: unknown) => {
    process.stderr.write(`${service} could not start: ${describeStartupError(error)}\n`);
    process.exit(1);
  });
}

export function describeStartupError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message)) {
    return `a connection was refused (${message}). Start Postgres and Redis, or run \`docker compose up -d postgres redis\`.`;
  }
  return message;
}
