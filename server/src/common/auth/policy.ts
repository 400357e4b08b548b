import type { Role } from '../../generated/prisma/enums.js';
import { DomainError } from '../errors/domain-error.js';
import type { Principal, Scope } from './principal.js';

/** Everything a caller may be refused, named once. Services call `authorize(principal, action)`. */
export type Action =
  | 'crm:read'
  | 'crm:write'
  | 'pipelines:manage'
  | 'notes:moderate'
  | 'records:purge'
  | 'changes:undo-others'
  | 'audit:read'
  | 'members:manage'
  | 'api-keys:own'
  | 'api-keys:manage'
  | 'account:manage';

interface Rule {
  /** Roles allowed to do it. */
  roles: readonly Role[];
  /** Scope the credential must carry; absent where only a signed-in person may act. */
  scope?: Scope;
  /** Only with a first-party access token (a person who signed in), never an API key or an app's token. */
  signedInOnly?: boolean;
  /** For the refusal message: "… cannot <what>". */
  what: string;
}

const EVERYONE: readonly Role[] = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'];
const WRITERS: readonly Role[] = ['OWNER', 'ADMIN', 'MEMBER'];
const ADMINS: readonly Role[] = ['OWNER', 'ADMIN'];

/**
 * Who may do what: the one table every service consults (docs/architecture.md shows it,
 * ADR 0034 explains it). Records of another tenant never get this far: they are not found.
 */
export const POLICY: Readonly<Record<Action, Rule>> = {
  'crm:read': { roles: EVERYONE, scope: 'crm:read', what: 'read CRM records' },
  'crm:write': { roles: WRITERS, scope: 'crm:write', what: 'create, change or delete CRM records' },
  'pipelines:manage': { roles: ADMINS, scope: 'crm:write', what: 'create or change pipelines and their stages' },
  // A note speaks for its author: others may change or delete it only as an admin (their own: crm:write).
  'notes:moderate': { roles: ADMINS, scope: 'crm:write', what: 'change or delete notes written by other members' },
  'records:purge': { roles: ADMINS, scope: 'crm:write', what: 'purge records from the trash for good' },
  'changes:undo-others': { roles: ADMINS, scope: 'crm:write', what: 'undo changes other people or the system made' },
  'audit:read': { roles: ADMINS, scope: 'crm:read', what: 'read the workspace\'s audit trail' },
  'members:manage': { roles: ADMINS, signedInOnly: true, what: 'invite, change or remove members' },
  'api-keys:own': { roles: EVERYONE, signedInOnly: true, what: 'manage your own API keys' },
  'api-keys:manage': { roles: ADMINS, signedInOnly: true, what: 'list or revoke other members\' API keys' },
  'account:manage': { roles: EVERYONE, signedInOnly: true, what: 'change your password or switch workspaces' },
};

/** Throws `forbidden` (403, or an MCP isError result) unless the principal may do `action`. */
export function authorize(principal: Principal, action: Action): void {
  const refusal = refusalOf(principal, action);
  if (refusal) throw refusal;
}

function refusalOf(principal: Principal, action: Action): DomainError | undefined {
  const rule = POLICY[action];
  if (!rule.roles.includes(principal.role)) {
    const allowed = rule.roles.map((role) => role.toLowerCase()).join(', ');
    return DomainError.forbidden(
      `Your role in this workspace (${principal.role.toLowerCase()}) cannot ${rule.what}; ` +
        `roles that can: ${allowed}. Ask an owner or admin of the workspace to do it or to change your role.`,
    );
  }
  if (rule.signedInOnly && principal.credential.kind !== 'access_token') {
    return DomainError.forbidden(
      `Only a signed-in person can ${rule.what}, not an API key or a connected app. ` +
        'Sign in (POST /api/auth/sign-in) and use that access token.',
    );
  }
  if (rule.scope && !principal.scopes.includes(rule.scope)) {
    return new DomainError(
      'forbidden',
      `This credential lacks the ${rule.scope} scope, so it cannot ${rule.what}. ` +
        `Use an API key or grant that includes ${rule.scope}.`,
      { requiredScope: rule.scope },
    );
  }
  return undefined;
}
