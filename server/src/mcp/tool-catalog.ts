import { Inject, Injectable } from '@nestjs/common';
import type { ListToolsResult, Tool } from '@modelcontextprotocol/server';
import type { Principal } from '../common/auth/principal.js';
import { withoutRepeatedDescriptions } from './catalog-compaction.js';
import { toToolJsonSchema } from './json-schema.js';
import type { McpSurface } from './mcp-feature.js';
import type { ToolDefinition } from './tool-definition.js';
import { EVERY_TOOL, type ToolSelection } from './toolsets/toolsets.js';

/** Injection token for every tool definition, gathered from the tools/*.tools.ts factories. */
export const MCP_TOOL_DEFINITIONS = Symbol('MCP_TOOL_DEFINITIONS');

/** Why `find` found no tool: none by that name on this surface, or one the connection's toolsets leave out. */
export type ToolLookup = { tool: ToolDefinition } | { missing: 'unknown' | 'not_selected' };

/**
 * The tool catalogue. JSON Schemas are converted once at boot; each tools/list answer
 * (surface × caller may write × toolset selection) is built the first time it is asked for
 * and kept, frozen, so a request only looks things up. Over HTTP the auth tools are absent (a
 * model never handles a password there, and identity comes from the request's credential); a
 * caller without `crm:write` sees only read tools.
 */
@Injectable()
export class ToolCatalog {
  private readonly byName = new Map<string, ToolDefinition>();
  private readonly described = new Map<ToolDefinition, Tool>();
  // Bounded: 2 surfaces × 2 × at most 2^12 selections, and only the ones clients actually ask for.
  private readonly lists = new Map<string, ListToolsResult>();

  constructor(@Inject(MCP_TOOL_DEFINITIONS) definitions: ToolDefinition[]) {
    for (const definition of definitions) {
      if (this.byName.has(definition.name)) throw new Error(`Duplicate MCP tool name: ${definition.name}`);
      this.byName.set(definition.name, definition);
    }
    const described = withoutRepeatedDescriptions(definitions.map(describeTool));
    definitions.forEach((definition, index) => this.described.set(definition, deepFreeze(described[index]!)));
  }

  /** The tool by name, if this surface offers it and the selection keeps it. */
  lookup(name: string, surface: McpSurface, selection: ToolSelection = EVERY_TOOL): ToolLookup {
    const tool = this.byName.get(name);
    if (!tool || !offeredOn(tool, surface)) return { missing: 'unknown' };
    return selects(selection, tool) ? { tool } : { missing: 'not_selected' };
  }

  find(name: string, surface: McpSurface, selection: ToolSelection = EVERY_TOOL): ToolDefinition | undefined {
    const found = this.lookup(name, surface, selection);
    return 'tool' in found ? found.tool : undefined;
  }

  /** What tools/list answers this caller (principal undefined: stdio before sign-in). */
  listFor(surface: McpSurface, principal: Principal | undefined, selection: ToolSelection = EVERY_TOOL): ListToolsResult {
    const readOnlyCaller = principal !== undefined && !mayWrite(principal);
    const key = `${surface}|${readOnlyCaller ? 'r' : 'rw'}|${selection.key}`;
    let list = this.lists.get(key);
    if (!list) {
      const keep = { ...selection, readOnly: selection.readOnly || readOnlyCaller };
      list = Object.freeze({
        tools: Object.freeze([...this.byName.values()]
          .filter((tool) => offeredOn(tool, surface) && selects(keep, tool))
          .map((tool) => this.described.get(tool)!)),
      }) as ListToolsResult;
      this.lists.set(key, list);
    }
    return list;
  }

  get definitions(): readonly ToolDefinition[] {
    return [...this.byName.values()];
  }
}

/** Whether a principal's scopes allow tools that change data. */
export function mayWrite(principal: Principal): boolean {
  return principal.scopes.includes('crm:write');
}

/** Sign-in tools stay whatever the selection: without them a stdio process could never sign in. */
function selects(selection: ToolSelection, tool: ToolDefinition): boolean {
  if (tool.auth === 'none') return true;
  if (selection.readOnly && !tool.annotations.readOnlyHint) return false;
  return !selection.toolsets || selection.toolsets.has(tool.toolset);
}

function offeredOn(definition: ToolDefinition, surface: McpSurface): boolean {
  return surface === 'stdio' || definition.auth !== 'none';
}

function describeTool(definition: ToolDefinition): Tool {
  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    inputSchema: toToolJsonSchema(definition.input, 'input', { terseItems: definition.terseItems }) as Tool['inputSchema'],
    outputSchema: toToolJsonSchema(definition.output, 'output') as Tool['outputSchema'],
    annotations: { title: definition.title, ...definition.annotations, openWorldHint: false },
  };
}

// Shared by every request: nothing may mutate it.
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
