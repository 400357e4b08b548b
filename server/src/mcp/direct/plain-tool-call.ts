import {
  classifyInboundRequest,
  isJsonContentType,
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  SUPPORTED_PROTOCOL_VERSIONS,
  type Implementation,
} from '@modelcontextprotocol/server';

export const MODERN_REVISION = '2026-07-28';

/** The headers the recognizer reads, as Fastify hands them over (lower-case names). */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/**
 * A `tools/call` the SDK would accept and hand to our tools/call handler unchanged, with
 * nothing else to do: no notifications, no session, no negotiation.
 */
export interface PlainToolCall {
  generation: 'modern' | 'legacy';
  id: string | number;
  name: string;
  arguments: Record<string, unknown> | undefined;
  /** The clientInfo a 2026-07-28 request announces in its `_meta` envelope. */
  announced?: Implementation;
  /** A 2025 call in a stateful session (MCP_MODE=stateful): the session it names. */
  sessionId?: string;
}

// Envelope keys a plain call may carry; anything else (a progress token, a task, trace
// context) asks for SDK behaviour, so such a request goes to the SDK.
const PLAIN_META_KEYS = new Set([PROTOCOL_VERSION_META_KEY, CLIENT_INFO_META_KEY, CLIENT_CAPABILITIES_META_KEY]);
const PLAIN_PARAM_KEYS = new Set(['name', 'arguments', '_meta']);

/**
 * Recognizes the one request shape the direct path answers (ADR 0055). It is conservative
 * by design: it accepts only what the SDK's own classifier (`classifyInboundRequest`, the
 * code `createMcpHandler` routes with) puts on a path the SDK would serve, with every
 * header the SDK checks present and agreeing. Anything else returns undefined, and the SDK
 * serves it, refusals included, so a refusal never depends on which path looked first.
 */
export function plainToolCallOf(headers: RequestHeaders, body: unknown, mode: 'stateless' | 'stateful'): PlainToolCall | undefined {
  if (!isPlainObject(body) || body.method !== 'tools/call') return undefined;
  if (!isJsonContentType(single(headers['content-type']) ?? null)) return undefined;
  const accept = single(headers.accept);
  // Both SDK transports refuse a client that cannot take both answers (406).
  if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) return undefined;
  const protocolVersionHeader = single(headers['mcp-protocol-version']);
  const mcpMethodHeader = single(headers['mcp-method']);
  const mcpNameHeader = single(headers['mcp-name']);
  const route = classifyInboundRequest({ httpMethod: 'POST', protocolVersionHeader, mcpMethodHeader, mcpNameHeader, body });
  const params = body.params;
  if (!isPlainObject(params) || typeof params.name !== 'string') return undefined;
  if (Object.keys(params).some((key) => !PLAIN_PARAM_KEYS.has(key))) return undefined;
  if (params.arguments !== undefined && !isPlainObject(params.arguments)) return undefined;
  const id = body.id as string | number;
  const call = { id, name: params.name, arguments: params.arguments as Record<string, unknown> | undefined };

  if (route.kind === 'modern') {
    // The SDK's standard-header rung: all three headers, in agreement with the body.
    if (route.classification.revision !== MODERN_REVISION || protocolVersionHeader !== MODERN_REVISION) return undefined;
    if (mcpMethodHeader !== 'tools/call' || mcpNameHeader !== params.name) return undefined;
    const meta = params._meta as Record<string, unknown>;
    if (Object.keys(meta).some((key) => !PLAIN_META_KEYS.has(key))) return undefined;
    const announced = meta[CLIENT_INFO_META_KEY] as Implementation | undefined;
    return { ...call, generation: 'modern', ...(announced ? { announced } : {}) };
  }
  if (route.kind === 'legacy') {
    // The legacy transport's checks: a supported 2025 revision named; in stateful mode a
    // session (whose owner the registry checks), in stateless mode none.
    if (params._meta !== undefined) return undefined;
    if (!protocolVersionHeader || protocolVersionHeader >= MODERN_REVISION || !SUPPORTED_PROTOCOL_VERSIONS.includes(protocolVersionHeader)) return undefined;
    const sessionId = headers['mcp-session-id'];
    if (mode === 'stateless') return sessionId === undefined ? { ...call, generation: 'legacy' } : undefined;
    return typeof sessionId === 'string' && sessionId !== '' ? { ...call, generation: 'legacy', sessionId } : undefined;
  }
  return undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value?.trim();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
