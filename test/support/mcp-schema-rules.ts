/**
 * The rules every MCP tool schema must follow so that the strictest client (Gemini CLI)
 * accepts it: a rooted object with properties and required, every property typed and
 * described, enums spelled out, no $ref/$defs/$schema, no unions at the root.
 * Output schemas are checked with `describedProperties: false`: they stay compact (the
 * 40 KB tools/list budget) and their fields are described by the input schemas.
 * Returns one line per violation; an empty list means the schema passes.
 */
export function schemaProblems(
  schema: unknown,
  where: string,
  options: { describedProperties?: boolean; describedBy?: unknown } = {},
): string[] {
  const described = options.describedProperties ?? true;
  // An update tool may leave a field undescribed that its create tool describes (describedBy).
  const elsewhere = isObject(options.describedBy) && isObject(options.describedBy.properties) ? options.describedBy.properties : {};
  const problems: string[] = [];
  if (!isObject(schema)) return [`${where}: not an object`];
  if (schema.type !== 'object') problems.push(`${where}: root type is ${JSON.stringify(schema.type)}, not "object"`);
  if (!isObject(schema.properties)) problems.push(`${where}: root has no properties object`);
  if (!Array.isArray(schema.required)) problems.push(`${where}: root has no required array`);
  for (const union of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (union in schema) problems.push(`${where}: root is a union (${union})`);
  }
  if ('$schema' in schema) problems.push(`${where}: carries $schema`);
  walk(schema, where, problems, described, true, elsewhere);
  return problems;
}

function walk(
  node: Record<string, unknown>,
  path: string,
  problems: string[],
  described: boolean,
  isRoot = false,
  elsewhere: Record<string, unknown> = {},
): void {
  for (const key of ['$ref', '$defs', 'definitions']) {
    if (key in node) problems.push(`${path}: uses ${key}`);
  }
  if (!isRoot && !('type' in node) && !('enum' in node) && !('const' in node)) problems.push(`${path}: has no type`);
  if ('enum' in node && (!Array.isArray(node.enum) || node.enum.length === 0)) problems.push(`${path}: enum is not spelled out`);
  if (isObject(node.properties)) {
    const required = Array.isArray(node.required) ? node.required : [];
    for (const name of required) {
      if (!(name in node.properties)) problems.push(`${path}: requires unknown property ${String(name)}`);
    }
    for (const [name, child] of Object.entries(node.properties)) {
      const childPath = `${path}.${name}`;
      if (!isObject(child)) {
        problems.push(`${childPath}: not a schema object`);
        continue;
      }
      const describedThere = isRoot && isObject(elsewhere[name]) && typeof (elsewhere[name] as Record<string, unknown>).description === 'string';
      if (described && !describedThere && (typeof child.description !== 'string' || child.description.trim() === '')) problems.push(`${childPath}: has no description`);
      // A nested object that names the tool describing its fields ("as for deal_create") may leave them undescribed.
      walk(child, childPath, problems, described && !namesDescribingTool(child));
    }
  }
  // Items of an array that names the tool describing them ("each as for contact_create") may go undescribed (the batch tool).
  if (isObject(node.items)) walk(node.items, `${path}[]`, problems, described && !namesDescribingTool(node));
  for (const union of ['anyOf', 'oneOf'] as const) {
    const variants = node[union];
    if (Array.isArray(variants)) variants.forEach((variant, index) => isObject(variant) && walk(variant, `${path}|${index}`, problems, described, true));
  }
}

function namesDescribingTool(node: Record<string, unknown>): boolean {
  return typeof node.description === 'string' && /\bas for [a-z]+_[a-z]+\b/.test(node.description);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
