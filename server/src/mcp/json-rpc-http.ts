import type { FastifyReply } from 'fastify';

// JSON-RPC 2.0 codes; -32000/-32001 are the SDK's server-defined ones for HTTP-level refusals.
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const INTERNAL_ERROR = -32603;
export const SERVER_ERROR = -32000;
export const SESSION_NOT_FOUND = -32001;

/** Answers an HTTP-level refusal with a JSON-RPC error body, as MCP clients expect. */
export function sendRpcError(reply: FastifyReply, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  void reply.status(status).headers(headers).type('application/json').send(
    JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }),
  );
}

/** The same refusal as a web `Response`, for the parts that speak the SDK's fetch shape. */
export function rpcErrorResponse(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/**
 * Refuses what the SDK transport would let through or mislabel: batches (removed from the
 * protocol in 2025-06-18) and bodies that are not one JSON-RPC message (-32600, not -32700).
 */
export function bodyProblem(body: unknown): { code: number; message: string } | undefined {
  if (Array.isArray(body)) {
    return { code: INVALID_REQUEST, message: 'Invalid Request: JSON-RPC batches are not supported; send one message per request.' };
  }
  if (!isJsonRpcMessage(body)) {
    return { code: INVALID_REQUEST, message: 'Invalid Request: the body must be one JSON-RPC 2.0 request, notification or response.' };
  }
  return undefined;
}

function isJsonRpcMessage(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const message = body as Record<string, unknown>;
  if (message.jsonrpc !== '2.0') return false;
  const hasId = typeof message.id === 'string' || (typeof message.id === 'number' && Number.isFinite(message.id));
  if (typeof message.method === 'string') {
    const params = message.params;
    return message.id === undefined || hasId ? params === undefined || (typeof params === 'object' && params !== null) : false;
  }
  return hasId && ('result' in message || 'error' in message);
}

/**
 * An error that escaped to the global filter on the MCP path, in JSON-RPC terms: body
 * failures (before the route runs; unparsable JSON is -32700, as MCP clients expect) and
 * anything unexpected, which never shows its details.
 */
export function sendMcpError(error: unknown, reply: FastifyReply, noRoute = false): void {
  if (noRoute) {
    return sendRpcError(reply, 405, SERVER_ERROR, 'Method Not Allowed: use POST, GET or DELETE.', { Allow: 'GET, HEAD, POST, DELETE' });
  }
  const cause = (error as { cause?: unknown }).cause ?? error;
  switch ((cause as { code?: unknown }).code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return sendRpcError(reply, 400, PARSE_ERROR, 'Parse error: the body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendRpcError(reply, 413, INVALID_REQUEST, 'Payload Too Large: the request body exceeds the limit.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendRpcError(reply, 415, SERVER_ERROR, 'Unsupported Media Type: Content-Type must be application/json.');
    default:
      return sendRpcError(reply, 500, INTERNAL_ERROR, 'Internal error: the request could not be completed.');
  }
}
