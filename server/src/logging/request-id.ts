import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// Accept a caller's id only if it is short and plain, so it cannot forge log lines.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honours an incoming x-request-id, else makes one. The app echoes it on the response. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
}
