import prismaSchemaWasm from '@prisma/prisma-schema-wasm';

/**
 * Renders what a Prisma schema asks of PostgreSQL as sorted one-line facts, in the same
 * vocabulary as schema-introspection.ts, so the two sides compare line by line. The DMMF
 * comes from Prisma's own WASM schema parser, offline. Anything this does not know how to
 * render throws, so an unsupported feature fails the test instead of passing unchecked.
 */

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt: boolean;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc'; operatorClass?: string }[];
}
interface DmmfEnum {
  name: string;
  dbName: string | null;
  values: { name: string; dbName: string | null }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };
}

export function parseDmmf(schema: string): Dmmf {
  return JSON.parse(prismaSchemaWasm.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] })));
}

export function schemaFacts(schema: string): string[] {
  const { models, enums, indexes } = parseDmmf(schema).datamodel;
  const byName = new Map(models.map((model) => [model.name, model]));
  const facts = extensions(schema).map((name) => `extension ${name}`);
  for (const e of enums) facts.push(`enum ${e.dbName ?? e.name} (${e.values.map((v) => v.dbName ?? v.name).join(', ')})`);
  for (const model of models) {
    const table = tableName(model);
    for (const field of model.fields) {
      if (field.kind === 'scalar' || field.kind === 'enum') {
        // Prisma creates scalar lists (String[]) as nullable array columns.
        const nullability = field.isRequired && !field.isList ? 'NOT NULL' : 'NULL';
        const dbDefault = defaultOf(field);
        facts.push(
          `column ${table}.${columnName(field)} ${columnType(field, enums)} ${nullability}` +
            (dbDefault ? ` DEFAULT ${dbDefault}` : ''),
        );
      } else if (field.kind === 'object' && field.relationFromFields?.length) {
        facts.push(foreignKey(model, field, byName.get(field.type)!));
      } else if (field.kind !== 'object') {
        throw new Error(`${model.name}.${field.name}: field kind ${field.kind} is not covered`);
      }
    }
  }
  for (const index of indexes) facts.push(indexFact(byName.get(index.model)!, index));
  return facts.sort();
}

/** `datasource db { extensions = [pg_trgm, ...] }`: not part of the DMMF, so read from the text. */
function extensions(schema: string): string[] {
  const list = /datasource\s+\w+\s*\{[^}]*?extensions\s*=\s*\[([^\]]*)\]/.exec(schema)?.[1] ?? '';
  return list
    .split(',')
    .map((item) => item.trim().replace(/\(.*\)$/, ''))
    .filter(Boolean);
}

const tableName = (model: DmmfModel) => model.dbName ?? model.name;
const columnName = (field: DmmfField) => field.dbName ?? field.name;

function column(model: DmmfModel, fieldName: string): string {
  const field = model.fields.find((candidate) => candidate.name === fieldName);
  if (!field) throw new Error(`${model.name}.${fieldName} not found`);
  return columnName(field);
}

// Spelled as PostgreSQL's format_type() prints them.
const nativeTypes: Record<string, (args: string[]) => string> = {
  Text: () => 'text',
  Uuid: () => 'uuid',
  Char: ([length = '1']) => `character(${length})`,
  VarChar: ([length]) => (length ? `character varying(${length})` : 'character varying'),
  Timestamptz: ([precision = '6']) => `timestamp(${precision}) with time zone`,
  Timestamp: ([precision = '6']) => `timestamp(${precision}) without time zone`,
  Date: () => 'date',
  Decimal: ([precision = '65', scale = '30']) => `numeric(${precision},${scale})`,
  Integer: () => 'integer',
  SmallInt: () => 'smallint',
  BigInt: () => 'bigint',
  DoublePrecision: () => 'double precision',
  Boolean: () => 'boolean',
  JsonB: () => 'jsonb',
  ByteA: () => 'bytea',
};
const defaultTypes: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

function columnType(field: DmmfField, enums: DmmfEnum[]): string {
  if (field.isList) {
    if (field.kind === 'enum' || defaultOf(field)) throw new Error(`${field.name}: enum lists and list defaults are not covered`);
    return `${columnType({ ...field, isList: false }, enums)}[]`;
  }
  if (field.kind === 'enum') {
    const e = enums.find((candidate) => candidate.name === field.type)!;
    return e.dbName ?? e.name;
  }
  if (field.nativeType) {
    const [name, args] = field.nativeType;
    const render = nativeTypes[name];
    if (!render) throw new Error(`${field.name}: native type @db.${name} is not covered`);
    return render(args);
  }
  const type = defaultTypes[field.type];
  if (!type) throw new Error(`${field.name}: type ${field.type} is not covered`);
  return type;
}

/** The default PostgreSQL holds; ids generated by the client (uuid(), cuid()) have none. */
function defaultOf(field: DmmfField): string | undefined {
  const value = field.default;
  if (value === undefined || field.isUpdatedAt) return undefined;
  if (typeof value === 'object' && value !== null && 'name' in value) {
    const { name, args } = value as { name: string; args: unknown[] };
    if (['uuid', 'cuid', 'nanoid', 'ulid'].includes(name)) return undefined;
    if (name === 'now') return 'CURRENT_TIMESTAMP';
    if (name === 'autoincrement') return 'autoincrement()';
    if (name === 'dbgenerated') return String(args[0]);
    throw new Error(`${field.name}: default ${name}() is not covered`);
  }
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${field.name}: default ${JSON.stringify(value)} is not covered`);
}

const referentialActions: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

function foreignKey(model: DmmfModel, relation: DmmfField, target: DmmfModel): string {
  const from = relation.relationFromFields!.map((name) => column(model, name));
  const to = relation.relationToFields!.map((name) => column(target, name));
  // Prisma's defaults: optional relations set null, required ones restrict; updates cascade.
  const onDelete = relation.relationOnDelete ?? (relation.isRequired ? 'Restrict' : 'SetNull');
  const onUpdate = relation.relationOnUpdate ?? 'Cascade';
  const name = `${tableName(model)}_${from.join('_')}_fkey`;
  return (
    `foreign key ${tableName(model)}.${name} (${from.join(', ')}) -> ${tableName(target)} (${to.join(', ')})` +
    ` ON DELETE ${referentialActions[onDelete]} ON UPDATE ${referentialActions[onUpdate]}`
  );
}

function indexFact(model: DmmfModel, index: DmmfIndex): string {
  const table = tableName(model);
  const columns = index.fields.map((part) => column(model, part.name));
  const parts = index.fields.map(
    (part, i) =>
      columns[i] + (part.sortOrder === 'desc' ? ' DESC' : '') + (part.operatorClass ? ` ${part.operatorClass}` : ''),
  );
  const method = (index.algorithm ?? 'BTree').toLowerCase();
  const using = method === 'btree' ? '' : ` USING ${method}`;
  switch (index.type) {
    case 'id':
      return `primary key ${table}.${index.dbName ?? `${table}_pkey`} (${parts.join(', ')})`;
    case 'unique':
      return `unique index ${table}.${index.dbName ?? `${table}_${columns.join('_')}_key`}${using} (${parts.join(', ')})`;
    case 'normal':
      return `index ${table}.${index.dbName ?? `${table}_${columns.join('_')}_idx`}${using} (${parts.join(', ')})`;
    default:
      throw new Error(`${table}: ${index.type} indexes are not covered`);
  }
}
