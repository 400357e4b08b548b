import type { FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from '../logging/request-id.js';

/**
 * The Fastify request as the web `Request` the SDK serves. The body stays out: Fastify has
 * parsed it already (with its size limit), and the SDK takes it as `parsedBody`. The signal
 * aborts when the client goes away before the answer is complete, which cancels the call.
 */
export function webRequestOf(req: FastifyRequest, reply: FastifyReply): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'content-length') continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, String(value));
  }
  // The id Fastify gave this request (an incoming x-request-id or a new one): audit records carry it.
  headers.set(REQUEST_ID_HEADER, String(req.id));
  const aborted = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) aborted.abort();
  });
  // The Host was checked already (origin guard); the URL's origin is not used for anything else.
  return new Request(`http://localhost${req.url}`, { method: req.method, headers, signal: aborted.signal });
}
