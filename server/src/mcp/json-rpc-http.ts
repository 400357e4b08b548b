import type { NextFunction, Request, Response } from 'express';

// JSON-RPC 2.0 codes; -32000/-32001 are the SDK's server-defined ones for HTTP-level refusals.
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const SERVER_ERROR = -32000;
export const SESSION_NOT_FOUND = -32001;

/** Answers an HTTP-level refusal with a JSON-RPC error body, as MCP clients expect. */
export function sendRpcError(res: Response, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  res.status(status).set({ ...headers, 'Content-Type': 'application/json' }).send(
    JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }),
  );
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
 * Express error handler for the MCP path: the global JSON body parser fails before any
 * route runs, so unparsable JSON and oversized bodies are answered here in JSON-RPC terms.
 */
export function mcpBodyErrorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const failure = error as { status?: number; type?: string };
  if (failure?.type === 'entity.parse.failed') return sendRpcError(res, 400, PARSE_ERROR, 'Parse error: the body is not valid JSON.');
  if (failure?.status === 413) return sendRpcError(res, 413, INVALID_REQUEST, 'Payload Too Large: the request body exceeds the limit.');
  next(error);
}
