import type { z } from 'zod';

/**
 * Query strings carry only text. Domain schemas stay in plain JSON types (number,
 * boolean, array) so MCP and OpenAPI see clean schemas; this decodes the text
 * form for REST alone, guided by the schema's own field types.
 */
export function coerceQuery(schema: z.ZodType, query: Record<string, unknown>): Record<string, unknown> {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  if (!shape) return query;
  const decoded: Record<string, unknown> = { ...query };
  for (const [key, raw] of Object.entries(query)) {
    const field = shape[key];
    if (field) decoded[key] = decode(baseTypeOf(field), raw);
  }
  return decoded;
}

function baseTypeOf(schema: z.ZodType): string {
  let current = schema as unknown as { def: { type: string; innerType?: unknown; in?: unknown } };
  for (;;) {
    const { type, innerType } = current.def;
    if ((type === 'optional' || type === 'default' || type === 'nullable' || type === 'prefault') && innerType) {
      current = innerType as typeof current;
    } else if (type === 'pipe' && current.def.in) {
      current = current.def.in as typeof current;
    } else {
      return type;
    }
  }
}

function decode(type: string, raw: unknown): unknown {
  if (typeof raw !== 'string') {
    return type === 'array' && Array.isArray(raw) ? raw.flatMap((item) => String(item).split(',')) : raw;
  }
  switch (type) {
    case 'number':
    case 'int':
    case 'bigint':
      return raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'array':
      return raw.split(',').map((item) => item.trim()).filter(Boolean);
    default:
      return raw;
  }
}
