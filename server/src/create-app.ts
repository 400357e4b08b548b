import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { FastifyInstance } from 'fastify';
import { AppModule } from './app.module.js';
import { parseJsonBodiesExactly } from './common/http/exact-json-body.js';
import { acceptFormBodiesOnOAuthRoutes } from './common/http/form-body.js';
import { addSecurityHeaders } from './common/http/security-headers.js';
import { loadConfig } from './config/load-config.js';
import { fastifyTrustProxy } from './config/trust-proxy.js';
import { REQUEST_ID_HEADER, requestIdOf } from './logging/request-id.js';

/** Builds the HTTP application exactly as production runs it; e2e tests use this too. */
export async function createApp(): Promise<NestFastifyApplication> {
  const { BODY_LIMIT, TRUST_PROXY } = loadConfig();
  // Fastify rather than Express: the same routes cost about half the framework CPU (ADR 0011).
  // The request id is Fastify's own (pino-http and every log line reuse it).
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    genReqId: requestIdOf,
    requestIdHeader: false,
    // request.ip is the real client only behind proxies we were told to trust (TRUST_PROXY).
    trustProxy: fastifyTrustProxy(TRUST_PROXY),
    // Node's own default. Fastify's 72 s would let an idle keep-alive connection that a
    // client never closes hold a shutdown for over a minute.
    keepAliveTimeout: 5_000,
  });
  // abortOnError off: a failed boot throws (main.ts reports it and exits 1) instead of aborting.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
    // JSON only (Fastify's own parser, bodyLimit above), plus form bodies on the OAuth routes.
    bodyParser: false,
  });
  adapter.getInstance().removeContentTypeParser('text/plain');
  // Numbers a double would round are kept for validation to refuse, not silently rounded.
  parseJsonBodiesExactly(adapter.getInstance());
  acceptFormBodiesOnOAuthRoutes(adapter.getInstance());
  app.useLogger(app.get(Logger));
  addSecurityHeaders(adapter.getInstance());
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  closeConnectionsWhenDraining(adapter.getInstance());
  // OAuth discovery documents live at the origin's root (RFC 8414, RFC 9728), outside /api.
  app.setGlobalPrefix('api', { exclude: ['.well-known/{*path}'] });
  app.enableShutdownHooks();
  return app;
}

/**
 * On shutdown Fastify waits for in-flight requests, but a keep-alive connection that
 * becomes idle afterwards would hold the close for the whole keep-alive timeout. Answers
 * sent while draining therefore ask the client to close the connection.
 */
function closeConnectionsWhenDraining(fastify: FastifyInstance): void {
  let draining = false;
  fastify.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) void reply.header('connection', 'close');
    done(null, payload);
  });
}
