/**
 * Every tool the MCP server must expose; these are a public contract with existing prompts.
 * contact_get left it with the other per-kind get tools when fetch replaced them (ADR 0046).
 */
export const CONTRACT_TOOLS = [
  'auth_sign_in', 'auth_sign_up',
  'contact_list', 'contact_create', 'contact_update', 'contact_delete',
  'lead_list', 'lead_create', 'lead_update',
  'deal_list', 'deal_create', 'deal_update',
  'ticket_list', 'ticket_create', 'ticket_update',
] as const;

export const ADDED_TOOLS = ['pipeline_list', 'lead_convert', 'company_list', 'company_create', 'company_update', 'search', 'fetch'] as const;

export const ALL_TOOLS = [...CONTRACT_TOOLS, ...ADDED_TOOLS];

/** Sign-in by tool exists only over stdio (a local process of the user's own): over HTTP identity is the request's credential. */
export const STDIO_ONLY_TOOLS = ['auth_sign_in', 'auth_sign_up'] as const;

export const HTTP_TOOLS = ALL_TOOLS.filter((name) => !(STDIO_ONLY_TOOLS as readonly string[]).includes(name));
