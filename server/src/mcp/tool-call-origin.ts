import { CLIENT_INFO_META_KEY, type Implementation, type ServerContext } from '@modelcontextprotocol/server';
import type { ChangeOrigin } from '../common/auth/principal.js';
import { REQUEST_ID_HEADER } from '../logging/request-id.js';
import type { McpSurface } from './mcp-feature.js';

// Client-chosen text lands in the audit trail: bounded, so a client cannot bloat it.
const MAX_CLIENT_TEXT = 200;

/**
 * Through what a tool call came, for the audit trail. The client's name and version come
 * from its handshake (2025 sessions, stdio) or the request's `_meta` (2026-07-28), which
 * the SDK exposes alike. A 2025 client in stateless mode sent its handshake in an earlier
 * HTTP request, so there its User-Agent is the best name there is.
 */
export function toolCallOrigin(
  surface: McpSurface,
  tool: string,
  handshake: Implementation | undefined,
  ctx: ServerContext,
): ChangeOrigin {
  const headers = ctx.http?.req?.headers;
  const envelope = (ctx.mcpReq as { envelope?: Record<string, unknown> }).envelope;
  const announced = (envelope?.[CLIENT_INFO_META_KEY] as Implementation | undefined) ?? handshake;
  return originOf(surface, tool, announced, (name) => headers?.get(name) ?? undefined);
}

/** The same facts for a call the direct path answers (ADR 0055), from its own inputs. */
export function originOf(
  surface: McpSurface,
  tool: string,
  announced: Implementation | undefined,
  header: (name: string) => string | undefined,
): ChangeOrigin {
  const clientName = announced?.name ?? header('user-agent');
  const requestId = header(REQUEST_ID_HEADER);
  return {
    channel: 'mcp',
    transport: surface,
    tool,
    ...(clientName ? { clientName: clientName.slice(0, MAX_CLIENT_TEXT) } : {}),
    ...(announced?.version ? { clientVersion: announced.version.slice(0, MAX_CLIENT_TEXT) } : {}),
    ...(requestId ? { requestId } : {}),
  };
}
