import { Inject, Injectable } from '@nestjs/common';
import type { ListToolsResult, Tool } from '@modelcontextprotocol/server';
import type { Principal } from '../common/auth/principal.js';
import { toToolJsonSchema } from './json-schema.js';
import type { McpSurface } from './mcp-feature.js';
import type { ToolDefinition } from './tool-definition.js';

/** Injection token for every tool definition, gathered from the tools/*.tools.ts factories. */
export const MCP_TOOL_DEFINITIONS = Symbol('MCP_TOOL_DEFINITIONS');

/**
 * The tool catalogue, built once at boot: JSON Schemas are converted and every tools/list
 * answer a caller can get is precomputed, so a request only looks things up.
 * Over HTTP the auth tools are absent (a model never handles a password there, and identity
 * comes from the request's credential); a caller without `crm:write` sees only read tools.
 */
@Injectable()
export class ToolCatalog {
  private readonly byName = new Map<string, ToolDefinition>();
  private readonly lists: Record<McpSurface, { all: ListToolsResult; readOnly: ListToolsResult }>;

  constructor(@Inject(MCP_TOOL_DEFINITIONS) definitions: ToolDefinition[]) {
    for (const definition of definitions) {
      if (this.byName.has(definition.name)) throw new Error(`Duplicate MCP tool name: ${definition.name}`);
      this.byName.set(definition.name, definition);
    }
    const described = new Map(definitions.map((definition) => [definition, describeTool(definition)]));
    const listOf = (surface: McpSurface, readOnly: boolean): ListToolsResult =>
      deepFreeze({
        tools: definitions
          .filter((definition) => offeredOn(definition, surface) && (!readOnly || definition.annotations.readOnlyHint))
          .map((definition) => described.get(definition)!),
      });
    this.lists = {
      http: { all: listOf('http', false), readOnly: listOf('http', true) },
      stdio: { all: listOf('stdio', false), readOnly: listOf('stdio', true) },
    };
  }

  /** The tool by name, if this surface offers it. */
  find(name: string, surface: McpSurface): ToolDefinition | undefined {
    const tool = this.byName.get(name);
    return tool && offeredOn(tool, surface) ? tool : undefined;
  }

  /** What tools/list answers this caller (principal undefined: stdio before sign-in). */
  listFor(surface: McpSurface, principal: Principal | undefined): ListToolsResult {
    const lists = this.lists[surface];
    return principal && !mayWrite(principal) ? lists.readOnly : lists.all;
  }

  get definitions(): readonly ToolDefinition[] {
    return [...this.byName.values()];
  }
}

/** Whether a principal's scopes allow tools that change data. */
export function mayWrite(principal: Principal): boolean {
  return principal.scopes.includes('crm:write');
}

function offeredOn(definition: ToolDefinition, surface: McpSurface): boolean {
  return surface === 'stdio' || definition.auth !== 'none';
}

function describeTool(definition: ToolDefinition): Tool {
  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    inputSchema: toToolJsonSchema(definition.input, 'input') as Tool['inputSchema'],
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
