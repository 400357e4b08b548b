import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { problemOf } from './common/errors/problem-details.js';
import { toDomainError } from './common/errors/to-domain-error.js';
import { APP_CONFIG } from './config/config.module.js';
import { MCP_HTTP_PATH } from './mcp/mcp.module.js';
import { mcpBodyErrorHandler } from './mcp/json-rpc-http.js';
import type { AppConfig } from './config/config.schema.js';

/** Builds the HTTP application exactly as production runs it; e2e tests use this too. */
export async function createApp(): Promise<NestExpressApplication> {
  // abortOnError off: a failed boot throws (main.ts reports it and exits 1) instead of aborting.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  const config = app.get<AppConfig>(APP_CONFIG);
  app.use(helmet());
  app.useBodyParser('json', { limit: config.BODY_LIMIT });
  // MCP clients need parse failures as JSON-RPC errors (-32700), not problem+json.
  app.use(MCP_HTTP_PATH, mcpBodyErrorHandler);
  app.use(bodyParserErrors);
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  return app;
}

// Body-parser failures (too large, bad JSON) happen before Nest's filters can see them.
function bodyParserErrors(error: unknown, request: Request, response: Response, next: NextFunction): void {
  const domainError = toDomainError(error);
  if (!domainError || response.headersSent) return next(error);
  const problem = problemOf(domainError, request.originalUrl.split('?')[0]);
  response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}
