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
 * `$schema`, nullable types spelled as `[X, "null"]`, no other type unions, no regexes that merely restate a format,
 * and every array's items typed.
 */
export function toToolJsonSchema(schema: z.ZodObject, io: 'input' | 'output', options: ToolSchemaOptions = {}): ToolJsonSchema {
  const raw = z.toJSONSchema(schema, { io, target: 'draft-7', reused: 'inline', cycles: 'throw', unrepresentable: 'throw' });
  const { $schema: _ignored, ...rest } = raw as JsonSchema;
  const simplified = simplify(rest);
  const advertised = io === 'input' ? advertisedInput(simplified) : simplified;
  const root = io === 'input' ? (options.terseItems ? terseItems(advertised) : advertised) : compactOutput(advertised);
  if (root.type !== 'object') throw new Error('MCP tool schemas must be rooted at an object');
  return { ...root, type: 'object', properties: (root.properties as Record<string, JsonSchema>) ?? {}, required: (root.required as string[]) ?? [] };
}

export interface ToolSchemaOptions {
  /**
   * Drop the descriptions of the fields of array items (the batch tool, whose items are the
   * single-record tools' inputs, described there): the catalogue's byte budget (ADR 0050).
   * The array's own description must say which tool describes its items.
   */
  terseItems?: boolean;
}

function simplify(node: JsonSchema): JsonSchema {
  const out = mergeTypeUnion({ ...node });
  if (Array.isArray(out.type)) refuseTypeUnion(out.type as string[]);
  // zod adds its own regex for formats (uuid, email, date-time): bulky, and the format says it.
  if (typeof out.format === 'string') delete out.pattern;
  // zod's int() spells out JavaScript's safe-integer range: no bound anyone needs to read.
  if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
  if (out.minimum === Number.MIN_SAFE_INTEGER) delete out.minimum;
  if (Array.isArray(out.required) && out.required.length === 0 && out.type === 'object') delete out.required;
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, JsonSchema>).map(([key, value]) => [key, simplify(value)]),
    );
  }
  if (out.items && typeof out.items === 'object') out.items = simplify(out.items as JsonSchema);
  if (Array.isArray(out.anyOf)) out.anyOf = (out.anyOf as JsonSchema[]).map(simplify);
  return out;
}

/**
 * Output schemas only let programmatic clients check structuredContent (Gemini CLI reads
 * the text), and tools/list must stay small: the root's fields keep their types, enums
 * and nullability; nested objects are typed but not spelled out, and arrays keep their
 * `items` typed the same way (an array without `items` says nothing about what it holds);
 * scalar descriptions, formats and patterns go (the matching input schemas describe the fields).
 */
function compactOutput(root: JsonSchema): JsonSchema {
  const properties = (root.properties as Record<string, JsonSchema> | undefined) ?? {};
  const { additionalProperties: _closed, ...rest } = root;
  return {
    ...rest,
    properties: Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, compactField(value)])),
  };
}

function compactField(field: JsonSchema): JsonSchema {
  const types = ([] as unknown[]).concat(field.type);
  const nested = types.includes('object') || types.includes('array');
  const items = field.items;
  return {
    ...(field.type !== undefined ? { type: field.type } : {}),
    ...(field.enum !== undefined ? { enum: field.enum } : {}),
    ...(field.const !== undefined ? { const: field.const } : {}),
    ...(nested && typeof field.description === 'string' ? { description: field.description } : {}),
    ...(types.includes('array') && items && typeof items === 'object' && !Array.isArray(items)
      ? { items: compactField(items as JsonSchema) }
      : {}),
  };
}

/**
 * A nullable `anyOf` (`[X, {type: "null"}]`) becomes one schema with the type array
 * `[X, "null"]`, so every property keeps a `type`. Richer unions are left alone. A union of
 * two non-null types (`["string","number"]`) is refused at boot: Ajv in strict mode (Gemini
 * CLI) warns "use allowUnionTypes" on every call for it, and a model handles one type better.
 */
function mergeTypeUnion(node: JsonSchema): JsonSchema {
  const variants = node.anyOf as JsonSchema[] | undefined;
  if (!Array.isArray(variants) || !variants.every((variant) => typeof variant.type === 'string')) return node;
  const types = [...new Set(variants.map((variant) => variant.type as string))];
  refuseTypeUnion(types);
  const constrained = variants.filter((variant) => Object.keys(variant).length > 1);
  if (constrained.length > 1) return node;
  const { anyOf: _variants, ...outer } = node;
  const merged: JsonSchema = { ...constrained[0], ...outer, type: types };
  if (Array.isArray(merged.enum) && types.includes('null')) merged.enum = [...(merged.enum as unknown[]), null];
  return merged;
}

function refuseTypeUnion(types: readonly string[]): void {
  if (types.filter((type) => type !== 'null').length > 1) {
    throw new Error(`MCP tool schemas must not use type unions (${types.join(', ')}): give the field one type.`);
  }
}

/**
 * The input schema as clients see it: without the root's description (the tool's own
 * description says it), without string length bounds (below), and without the field
 * descriptions of a nested object whose description names the tool describing those
 * fields ("as for deal_create"), like the batch tool's items (ADR 0052).
 */
function advertisedInput(root: JsonSchema): JsonSchema {
  // The root stays closed: a client sees that the tool takes exactly these fields.
  const { description: _told, ...rest }: JsonSchema = { ...withoutLengthBounds(root), additionalProperties: false };
  const properties = rest.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return rest;
  return {
    ...rest,
    properties: Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, describedElsewhere(value) ? terseFields(value) : value])),
  };
}

/** "Deal fields, as for deal_create": the fields are described by that tool. */
export function describedElsewhere(node: JsonSchema): boolean {
  return typeof node.description === 'string' && /\bas for [a-z]+_[a-z]+\b/.test(node.description);
}

function terseFields(node: JsonSchema): JsonSchema {
  const properties = node.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return node;
  return {
    ...node,
    properties: Object.fromEntries(Object.entries(properties).map(([key, { description: _d, ...field }]) => [key, field])),
  };
}

/**
 * What clients are shown of string lengths and closed objects: nothing. Length limits, the
 * not-blank rule and the refusal of unknown fields are enforced where they always were, in the zod schema the server validates with, and a
 * value out of bounds gets an error naming the field and the limit; advertising them cost
 * about 3 KB of the catalogue's model-facing budget for no help to a model (ADR 0052).
 */
function withoutLengthBounds(node: JsonSchema): JsonSchema {
  const { minLength: _min, maxLength: _max, ...out } = node;
  if (out.pattern === '\\S') delete out.pattern;
  // Unknown fields are refused by the server all the same, naming the field.
  if (out.additionalProperties === false) delete out.additionalProperties;
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, JsonSchema>).map(([key, value]) => [key, withoutLengthBounds(value)]),
    );
  }
  if (out.items && typeof out.items === 'object' && !Array.isArray(out.items)) out.items = withoutLengthBounds(out.items as JsonSchema);
  return out;
}

/** Every array's items keep their fields' names, types and limits, without the fields' descriptions. */
function terseItems(node: JsonSchema, insideItems = false): JsonSchema {
  const out: JsonSchema = { ...node };
  // The tool named in the array's description shows formats and patterns; the server checks them.
  if (insideItems) {
    delete out.description;
    delete out.format;
    delete out.pattern;
  }
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, JsonSchema>).map(([key, value]) => [key, terseItems(value, insideItems)]),
    );
  }
  if (out.items && typeof out.items === 'object') out.items = terseItems(out.items as JsonSchema, true);
  return out;
}
