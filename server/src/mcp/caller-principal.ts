import { ProtocolError, ProtocolErrorCode, type ServerContext } from '@modelcontextprotocol/server';
import type { Principal } from '../common/auth/principal.js';
import type { McpCaller } from './mcp-feature.js';

/** The caller of a request that reads workspace data; without one the request is refused. */
export async function requirePrincipal(caller: McpCaller, ctx: ServerContext): Promise<Principal> {
  const principal = await caller.principal(ctx);
  if (principal) return principal;
  throw new ProtocolError(
    ProtocolErrorCode.InvalidRequest,
    'This needs an authenticated caller: call auth_sign_in first, or start the server with SYNAPSE_API_KEY or SYNAPSE_TOKEN set.',
  );
}
