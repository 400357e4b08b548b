import { principalOf, selectionOf } from './mcp-auth.js';
import type { McpCaller } from './mcp-feature.js';

/**
 * The caller of every HTTP server instance: the principal the controller verified for the
 * request being handled, which the SDK hands each handler as `ctx.http.authInfo`. Nothing
 * about a caller lives in an instance, so a stateful session's instance serves each request
 * with that request's own credential.
 */
export const httpCaller: McpCaller = {
  surface: 'http',
  clientKey: 'http',
  principal: async (ctx) => principalOf(ctx.http?.authInfo),
  selection: (ctx) => selectionOf(ctx.http?.authInfo),
};
