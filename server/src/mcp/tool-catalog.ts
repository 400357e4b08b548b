import { Inject, Injectable } from '@nestjs/common';
import type { ListToolsResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { toToolJsonSchema } from './json-schema.js';
import type { ToolDefinition } from './tool-definition.js';

/** Injection token for every tool definition, gathered from the tools/*.tools.ts factories. */
export const MCP_TOOL_DEFINITIONS = Symbol('MCP_TOOL_DEFINITIONS');

/**
 * The tool catalogue, built once at boot: JSON Schemas are converted and the tools/list
 * answer is precomputed, so a request (or a new stateless server) only looks things up.
 */
@Injectable()
export class ToolCatalog {
  readonly listResult: ListToolsResult;
  private readonly byName = new Map<string, ToolDefinition>();

  constructor(@Inject(MCP_TOOL_DEFINITIONS) definitions: ToolDefinition[]) {
    for (const definition of definitions) {
      if (this.byName.has(definition.name)) throw new Error(`Duplicate MCP tool name: ${definition.name}`);
      this.byName.set(definition.name, definition);
    }
    this.listResult = deepFreeze({ tools: definitions.map(describeTool) });
  }

  find(name: string): ToolDefinition | undefined {
    return this.byName.get(name);
  }

  get definitions(): readonly ToolDefinition[] {
    return [...this.byName.values()];
  }
}

function describeTool(definition: ToolDefinition): Tool {
  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    inputSchema: toToolJsonSchema(definition.input, 'input'),
    outputSchema: toToolJsonSchema(definition.output, 'output'),
    annotations: { title: definition.title, ...definition.annotations, openWorldHint: false },
  };
}

// Shared by every session and request: nothing may mutate it.
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
