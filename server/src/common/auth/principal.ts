import type { Role } from '../../generated/prisma/enums.js';

/** What a credential may do. `crm:read` reads; `crm:write` also creates, changes and deletes. */
export type Scope = 'crm:read' | 'crm:write';
export const ALL_SCOPES: readonly Scope[] = ['crm:read', 'crm:write'];

/**
 * The credential this request carried: the kind, and its id where it has one (an API
 * key's id, an OAuth grant's id and client id). Audit records and revocation use it.
 */
export interface Credential {
  readonly kind: 'access_token' | 'oauth' | 'api_key';
  readonly id?: string;
  readonly clientId?: string;
  /** For OAuth access tokens: the resource (RFC 8707 audience) the token was issued for. */
  readonly resource?: string;
}

/**
 * Through what a request came: the audit trail records it with every change. Set by the
 * transport that received the request (the REST guard, the MCP tool call), never by a service.
 */
export interface ChangeOrigin {
  readonly channel: 'rest' | 'mcp';
  readonly transport: 'http' | 'stdio';
  /** The MCP tool that made the change. */
  readonly tool?: string;
  /** The MCP client's name and version, from its handshake or the request's `_meta`. */
  readonly clientName?: string;
  readonly clientVersion?: string;
  /** The HTTP request id (x-request-id), which the logs carry too. */
  readonly requestId?: string;
}

/** Who is calling: every service method takes this explicitly, as its first argument. */
export interface Principal {
  readonly userId: string;
  readonly tenantId: string;
  readonly role: Role;
  /** Granted by the credential; the role may restrict further (a viewer never writes). */
  readonly scopes: readonly Scope[];
  readonly credential: Credential;
  /** Through what this request came; absent only for work the server does on its own behalf. */
  readonly via?: ChangeOrigin;
}

/** The same caller, arriving through `via`. */
export function withOrigin(principal: Principal, via: ChangeOrigin): Principal {
  return { ...principal, via };
}

// The scopes a role can ever exercise: a viewer reads, whatever its credential was granted.
const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  OWNER: ALL_SCOPES,
  ADMIN: ALL_SCOPES,
  MEMBER: ALL_SCOPES,
  VIEWER: ['crm:read'],
};

/**
 * The scopes a principal carries: what its credential was granted, within what its role
 * allows. Every verifier builds principals through this one function.
 */
export function scopesFor(role: Role, granted: readonly string[]): Scope[] {
  return ROLE_SCOPES[role].filter((scope) => granted.includes(scope));
}

/** The caller behind a first-party access token (sign-in, refresh): every scope its role allows. */
export function firstPartyPrincipal(userId: string, tenantId: string, role: Role): Principal {
  return { userId, tenantId, role, scopes: scopesFor(role, ALL_SCOPES), credential: { kind: 'access_token' } };
}
