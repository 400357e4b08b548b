import { Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';

// Credentials must never reach a log line, whatever object they travel in.
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.secret',
];

export function requestLogFields(req: IncomingMessage & { id?: unknown; originalUrl?: string }) {
  // Middleware sees a URL relative to where it is mounted; originalUrl is the full one.
  return { id: req.id, method: req.method, path: (req.originalUrl ?? req.url)?.split('?', 1)[0] };
}

function responseLogFields(res: ServerResponse) {
  return { statusCode: res.statusCode };
}

/** Structured JSON logs (pino) for requests and for Nest's own logger. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          // req.id is Fastify's request id (create-app.ts), so log lines match x-request-id.
          // Request logs carry id, method and path: headers (credentials) and query strings
          // (search terms are personal data) stay out of the logs altogether.
          wrapSerializers: false,
          serializers: { req: requestLogFields, res: responseLogFields, err: stdSerializers.err },
          customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
