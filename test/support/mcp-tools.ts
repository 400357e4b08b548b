/**
 * Every tool the MCP server must expose; these are a public contract with existing prompts.
 * contact_get left it with the other per-kind get tools when fetch replaced them (ADR 0046),
 * and contact_delete when record_delete replaced the per-kind deletes (ADR 0040).
 */
export const CONTRACT_TOOLS = [
  'auth_sign_in', 'auth_sign_up',
  'contact_list', 'contact_create', 'contact_update',
  'lead_list', 'lead_create', 'lead_update',
  'deal_list', 'deal_create', 'deal_update',
  'ticket_list', 'ticket_create', 'ticket_update',
] as const;

export const ADDED_TOOLS = [
  'pipeline_list', 'lead_convert', 'company_list', 'company_create', 'company_update', 'search', 'fetch',
  'pipeline_create', 'stage_add', 'stage_update', 'stage_reorder', 'batch',
  'note_create', 'note_update', 'task_list', 'task_create', 'task_update',
  'record_delete', 'record_purge', 'timeline', 'audit_list', 'change_undo',
] as const;

export const ALL_TOOLS = [...CONTRACT_TOOLS, ...ADDED_TOOLS];

/** Sign-in by tool exists only over stdio (a local process of the user's own): over HTTP identity is the request's credential. */
export const STDIO_ONLY_TOOLS = ['auth_sign_in', 'auth_sign_up'] as const;

export const HTTP_TOOLS = ALL_TOOLS.filter((name) => !(STDIO_ONLY_TOOLS as readonly string[]).includes(name));
