import type { Server, ServerContext, ServerOptions } from '@modelcontextprotocol/server';
import type { Principal } from '../common/auth/principal.js';
import type { ToolSelection } from './toolsets/toolsets.js';

/** Where a server instance serves: HTTP (identity per request) or a local stdio process. */
export type McpSurface = 'http' | 'stdio';

/**
 * Who calls, as one instance's handlers see it. Over HTTP the principal is the one the
 * controller verified for this very request (`ctx.http.authInfo`); over stdio it is the
 * process's key, token or sign-in, checked again on every call.
 */
export interface McpCaller {
  readonly surface: McpSurface;
  principal(ctx: ServerContext): Promise<Principal | undefined>;
  /** The toolsets this request, session or process chose (`?toolsets=`, MCP_TOOLSETS). */
  selection(ctx: ServerContext): ToolSelection;
  /** Stdio only: `auth_sign_in` binds the process. Returns false when refused. */
  bind?(principal: Principal): boolean;
  /** Identifies the caller for sign-in throttling. */
  readonly clientKey: string;
}

/**
 * One part of the MCP surface (tools; resources, prompts, completions, subscriptions).
 * Features are built once at boot; `install` runs for every server instance (one per
 * stateless request, stateful session or stdio connection), so it only registers handlers
 * over what the feature precomputed.
 */
export interface McpFeature {
  /** Advertised exactly as given: declare only what `install` answers. */
  readonly capabilities: NonNullable<ServerOptions['capabilities']>;
  /** ttlMs/cacheScope for the 2026-07-28 cacheable lists this feature answers. */
  readonly cacheHints?: ServerOptions['cacheHints'];
  install(server: Server, caller: McpCaller): void;
}

/** Injection token: every feature, in the order their handlers are installed. */
export const MCP_FEATURES = Symbol('MCP_FEATURES');
