import type { FastifyInstance } from 'fastify';
import { reparseKeepingInexactNumbers } from '../json/exact-json-numbers.js';

/**
 * JSON bodies are parsed exactly as Fastify's default parser does (same errors, same
 * prototype-poisoning refusal), except that a number a double would round is kept as an
 * InexactNumber marker for validation to refuse by name. One parser serves every JSON
 * route, REST and MCP over HTTP alike.
 */
export function parseJsonBodiesExactly(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error, value) => {
      if (error) return done(error, undefined);
      done(null, reparseKeepingInexactNumbers(body as string) ?? value);
    });
  });
}
