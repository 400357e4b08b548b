import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

export interface ToolJsonSchema extends JsonSchema {
  type: 'object';
  properties: Record<string, JsonSchema>;
  required: string[];
}

/**
 * Converts a tool's zod schema into the JSON Schema MCP clients see, once at boot.
 * Shaped for the strictest client (Gemini CLI): rooted object, everything inline, no
 * `$schema`, nullable types spelled as type arrays, no regexes that merely restate a format.
 */
export function toToolJsonSchema(schema: z.ZodObject, io: 'input' | 'output'): ToolJsonSchema {
  const raw = z.toJSONSchema(schema, { io, target: 'draft-7', reused: 'inline', cycles: 'throw', unrepresentable: 'throw' });
  const { $schema: _ignored, ...rest } = raw as JsonSchema;
  const root = simplify(rest);
  if (root.type !== 'object') throw new Error('MCP tool schemas must be rooted at an object');
  return { ...root, type: 'object', properties: (root.properties as Record<string, JsonSchema>) ?? {}, required: (root.required as string[]) ?? [] };
}

function simplify(node: JsonSchema): JsonSchema {
  const out = mergeNullable({ ...node });
  // zod adds its own regex for formats (uuid, email, date-time): bulky, and the format says it.
  if (typeof out.format === 'string') delete out.pattern;
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, JsonSchema>).map(([key, value]) => [key, simplify(value)]),
    );
  }
  if (out.items && typeof out.items === 'object') out.items = simplify(out.items as JsonSchema);
  if (Array.isArray(out.anyOf)) out.anyOf = (out.anyOf as JsonSchema[]).map(simplify);
  return out;
}

/** `anyOf: [X, {type: "null"}]` becomes X with `type: [X.type, "null"]`, so the property stays typed. */
function mergeNullable(node: JsonSchema): JsonSchema {
  const variants = node.anyOf as JsonSchema[] | undefined;
  if (!Array.isArray(variants) || variants.length !== 2) return node;
  const nonNull = variants.find((variant) => variant.type !== 'null');
  const hasNull = variants.some((variant) => variant.type === 'null' && Object.keys(variant).length === 1);
  if (!nonNull || !hasNull || typeof nonNull.type !== 'string') return node;
  const { anyOf: _variants, ...outer } = node;
  const merged: JsonSchema = { ...nonNull, ...outer, type: [nonNull.type, 'null'] };
  if (Array.isArray(nonNull.enum)) merged.enum = [...(nonNull.enum as unknown[]), null];
  return merged;
}
