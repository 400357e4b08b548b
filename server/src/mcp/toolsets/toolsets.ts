/**
 * Toolsets: named slices of the catalogue a client picks on the URL (`/api/mcp?toolsets=contacts,deals`)
 * or, over stdio, with MCP_TOOLSETS / --toolsets. Every CRM tool declares its own toolset on its
 * definition; `read-only` is not a slice but a filter (only tools with readOnlyHint), combinable
 * with the others. Clients with a tool limit (Cursor: 40 across all servers) need this (ADR 0051).
 */
export const TOOLSETS = [
  'contacts', 'companies', 'leads', 'deals', 'tickets', 'pipelines', 'notes', 'tasks', 'records', 'history', 'batch',
] as const;
export type Toolset = (typeof TOOLSETS)[number];

export const READ_ONLY_TOOLSET = 'read-only';

/** What one connection (request, session or stdio process) asked for; `key` is its canonical spelling. */
export interface ToolSelection {
  readonly key: string;
  /** Undefined: every toolset. */
  readonly toolsets?: ReadonlySet<Toolset>;
  readonly readOnly: boolean;
}

export const EVERY_TOOL: ToolSelection = Object.freeze({ key: '', readOnly: false });

export type ParsedToolsets = { selection: ToolSelection } | { error: string };

const VALID = [...TOOLSETS, READ_ONLY_TOOLSET] as readonly string[];

/**
 * Parses a comma-separated list (a repeated query parameter arrives as an array). Absent or
 * empty means the whole catalogue; any unknown name refuses the whole list, naming the valid ones.
 */
export function parseToolsets(raw: string | readonly string[] | undefined): ParsedToolsets {
  if (raw === undefined) return { selection: EVERY_TOOL };
  // Clients send the same few query strings on every request: parse each once.
  const key = typeof raw === 'string' ? raw : raw.join(',');
  let parsed = parsedByRaw.get(key);
  if (!parsed) {
    parsed = parse(raw);
    if (parsedByRaw.size >= MAX_REMEMBERED) parsedByRaw.delete(parsedByRaw.keys().next().value as string);
    parsedByRaw.set(key, parsed);
  }
  return parsed;
}

const MAX_REMEMBERED = 256;
const parsedByRaw = new Map<string, ParsedToolsets>();

function parse(raw: string | readonly string[]): ParsedToolsets {
  const names = [raw ?? []].flat().flatMap((part) => part.split(',')).map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) return { selection: EVERY_TOOL };
  const unknown = [...new Set(names.filter((name) => !VALID.includes(name)))];
  if (unknown.length > 0) {
    return {
      error: `Unknown toolset${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. ` +
        `Valid toolsets: ${VALID.join(', ')} (comma-separated; read-only combines with the others).`,
    };
  }
  const readOnly = names.includes(READ_ONLY_TOOLSET);
  const chosen = TOOLSETS.filter((toolset) => names.includes(toolset));
  return {
    selection: Object.freeze({
      key: [...chosen, ...(readOnly ? [READ_ONLY_TOOLSET] : [])].join(','),
      ...(chosen.length > 0 ? { toolsets: new Set(chosen) } : {}),
      readOnly,
    }),
  };
}
