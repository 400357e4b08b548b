import type { FastifyInstance } from 'fastify';

const FORM = 'application/x-www-form-urlencoded';
// OAuth's token, revocation and sign-in/consent endpoints take HTML-form bodies (RFC 6749
// §4.1.3); every other route stays JSON-only.
const FORM_PATHS = /^\/api\/oauth\//;

/**
 * Parses form bodies on the OAuth routes into a plain object. A parameter sent twice stays
 * an array, so schemas expecting one string refuse it (RFC 6749 §3.1: no repeats).
 */
export function acceptFormBodiesOnOAuthRoutes(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(FORM, { parseAs: 'string' }, (request, body, done) => {
    if (!FORM_PATHS.test(request.url)) {
      done(Object.assign(new Error(`Unsupported Media Type: ${FORM}`), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }));
      return;
    }
    const fields: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      const previous = fields[key];
      fields[key] = previous === undefined ? value : [previous, value].flat();
    }
    done(null, fields);
  });
}
