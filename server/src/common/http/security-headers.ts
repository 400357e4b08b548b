import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * helmet's default security headers on every response. The middleware is built once here;
 * the Fastify wrapper (@fastify/helmet) rebuilt it, CSP parsing included, on every request.
 */
export function addSecurityHeaders(fastify: FastifyInstance): void {
  const applyHeaders = helmet();
  fastify.addHook('onRequest', (request, reply, done) => {
    applyHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
