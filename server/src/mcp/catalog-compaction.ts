import type { Tool } from '@modelcontextprotocol/server';

/**
 * An `<kind>_update` tool's fields mostly repeat the `<kind>_create` tool's, descriptions
 * included. A model reads the whole catalogue, so the update tool leaves out every field
 * description that is word for word the create tool's (the catalogue's byte budget, ADR 0052);
 * its own wording (null clears, "Move to this pipeline") stays.
 */
export function withoutRepeatedDescriptions(tools: readonly Tool[]): Tool[] {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  return tools.map((tool): Tool => {
    const create = tool.name.endsWith('_update') ? byName.get(tool.name.replace(/_update$/, '_create')) : undefined;
    if (!create) return tool;
    const described = create.inputSchema.properties ?? {};
    const properties = Object.fromEntries(
      Object.entries(tool.inputSchema.properties ?? {}).map(([key, value]) => {
        const field = value as Record<string, unknown>;
        const original = described[key] as Record<string, unknown> | undefined;
        if (!original || original.description !== field.description) return [key, field];
        const { description: _repeated, ...rest } = field;
        return [key, rest];
      }),
    );
    return { ...tool, inputSchema: { ...tool.inputSchema, properties } as Tool['inputSchema'] };
  });
}

/** The create tool whose field descriptions an update tool relies on, if any. */
export function describingToolOf(name: string): string | undefined {
  return name.endsWith('_update') ? name.replace(/_update$/, '_create') : undefined;
}
