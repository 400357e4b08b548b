import { ALL_SCOPES, type Scope } from '../common/auth/principal.js';

/** What each scope allows, in the words the consent page shows a person. */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'crm:read': 'Read your contacts, leads, deals, pipelines and tickets',
  'crm:write': 'Create, change and delete contacts, leads, deals, pipelines and tickets',
};

/**
 * The scopes granted for a space-separated request: ours, in canonical order. Scopes we do
 * not know are ignored (RFC 6749 §3.3 lets the server grant less than asked); no scope at
 * all means every scope, which the consent page then spells out. Undefined when the request
 * named scopes and none of them is ours.
 */
export function grantableScopes(requested: string | undefined): Scope[] | undefined {
  if (requested === undefined || requested.trim() === '') return [...ALL_SCOPES];
  const asked = new Set(requested.split(' ').filter(Boolean));
  const granted = ALL_SCOPES.filter((scope) => asked.has(scope));
  return granted.length > 0 ? granted : undefined;
}

export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}
