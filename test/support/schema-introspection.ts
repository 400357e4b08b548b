import type { SqlSession } from '../../server/src/database/sql-session.js';

/**
 * Reads the `public` schema of a live database (pg_catalog) into sorted one-line facts, in
 * the vocabulary of dmmf-model.ts: extensions, enums, columns (type, nullability, default),
 * primary keys, unique and plain indexes (method, order, operator class, predicate) and
 * foreign keys. Check constraints, expression indexes, triggers, views and functions are not
 * read: Prisma's schema cannot describe them, so migrations may add them freely
 * (`expressionIndexes` lists the expression indexes for a test of their own).
 */
export async function introspectSchema(session: SqlSession): Promise<string[]> {
  const facts = [
    ...(await extensions(session)),
    ...(await enums(session)),
    ...(await columns(session)),
    ...(await indexes(session)),
    ...(await foreignKeys(session)),
  ];
  return facts.sort();
}

/** Facts each side has that the other lacks. */
export function diffSchemas(schema: string[], database: string[]) {
  return {
    onlyInSchema: schema.filter((fact) => !database.includes(fact)),
    onlyInDatabase: database.filter((fact) => !schema.includes(fact)),
  };
}

// Prisma's own bookkeeping table is not part of the data model.
const USER_TABLES = `n.nspname = 'public' AND t.relname <> '_prisma_migrations'`;

async function extensions(session: SqlSession): Promise<string[]> {
  const rows = await session.query<{ name: string }>(
    `SELECT extname::text AS name FROM pg_extension WHERE extname <> 'plpgsql'`,
  );
  return rows.map((row) => `extension ${row.name}`);
}

async function enums(session: SqlSession): Promise<string[]> {
  const rows = await session.query<{ name: string; labels: string[] }>(
    `SELECT t.typname::text AS name, json_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`,
  );
  return rows.map((row) => `enum ${row.name} (${row.labels.join(', ')})`);
}

async function columns(session: SqlSession): Promise<string[]> {
  const rows = await session.query<{ table: string; column: string; type: string; not_null: boolean; default: string | null }>(
    `SELECT t.relname::text AS "table", a.attname::text AS "column", format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS "default"
       FROM pg_attribute a
       JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE ${USER_TABLES} AND t.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  return rows.map((row) => {
    const dbDefault = normaliseDefault(row.default);
    return (
      `column ${row.table}.${row.column} ${row.type.replaceAll('"', '')} ${row.not_null ? 'NOT NULL' : 'NULL'}` +
      (dbDefault ? ` DEFAULT ${dbDefault}` : '')
    );
  });
}

/** `'MEMBER'::"Role"` -> `'MEMBER'`, `now()` -> CURRENT_TIMESTAMP, sequences -> autoincrement(). */
function normaliseDefault(expression: string | null): string | undefined {
  if (expression === null) return undefined;
  if (/^nextval\(/.test(expression)) return 'autoincrement()';
  if (expression === 'now()') return 'CURRENT_TIMESTAMP';
  return expression.replace(/::[\w" ]+(\(\d+(,\d+)?\))?(\[\])?$/, '');
}

async function indexes(session: SqlSession): Promise<string[]> {
  const rows = await session.query<{
    table: string;
    name: string;
    primary: boolean;
    unique: boolean;
    method: string;
    predicate: string | null;
    parts: { column: string | null; desc: boolean; opclass: string | null }[];
  }>(
    `SELECT t.relname::text AS "table", i.relname::text AS name, x.indisprimary AS "primary", x.indisunique AS "unique",
            am.amname::text AS method, pg_get_expr(x.indpred, x.indrelid) AS predicate,
            json_agg(json_build_object(
              'column', a.attname::text,
              'desc', (x.indoption[k.i] & 1) = 1,
              'opclass', CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname::text END
            ) ORDER BY k.i) AS parts
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
       CROSS JOIN LATERAL generate_series(0, x.indnkeyatts - 1) AS k(i)
       JOIN pg_opclass oc ON oc.oid = x.indclass[k.i]
       LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[k.i]
      WHERE ${USER_TABLES} AND x.indexprs IS NULL
      GROUP BY t.relname, i.relname, x.indisprimary, x.indisunique, am.amname, x.indpred, x.indrelid`,
  );
  return rows.map((row) => {
    const parts = row.parts.map(
      (part) => (part.column ?? '(expression)') + (part.desc ? ' DESC' : '') + (part.opclass ? ` ${part.opclass}` : ''),
    );
    const kind = row.primary ? 'primary key' : row.unique ? 'unique index' : 'index';
    const using = row.method === 'btree' ? '' : ` USING ${row.method}`;
    const where = row.predicate ? ` WHERE ${row.predicate}` : '';
    return `${kind} ${row.table}.${row.name}${row.primary ? '' : using} (${parts.join(', ')})${where}`;
  });
}

/** Indexes on expressions such as lower(name), as `unique index Table.name (definition)`. */
export async function expressionIndexes(session: SqlSession): Promise<string[]> {
  const rows = await session.query<{ table: string; name: string; unique: boolean; definition: string }>(
    `SELECT t.relname::text AS "table", i.relname::text AS name, x.indisunique AS "unique",
            regexp_replace(pg_get_indexdef(x.indexrelid), '^.* USING ', 'USING ') AS definition
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE ${USER_TABLES} AND x.indexprs IS NOT NULL`,
  );
  return rows
    .map((row) => `${row.unique ? 'unique index' : 'index'} ${row.table}.${row.name} ${row.definition.replaceAll('"', '')}`)
    .sort();
}

const referentialActions: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

async function foreignKeys(session: SqlSession): Promise<string[]> {
  const rows = await session.query<{
    table: string;
    name: string;
    columns: string[];
    ref_table: string;
    ref_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT t.relname::text AS "table", c.conname::text AS name, r.relname::text AS ref_table,
            c.confdeltype::text AS on_delete, c.confupdtype::text AS on_update,
            (SELECT json_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(num, ord)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num) AS columns,
            (SELECT json_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(num, ord)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num) AS ref_columns
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class r ON r.oid = c.confrelid
      WHERE c.contype = 'f' AND ${USER_TABLES}`,
  );
  return rows.map(
    (row) =>
      `foreign key ${row.table}.${row.name} (${row.columns.join(', ')}) -> ${row.ref_table} (${row.ref_columns.join(', ')})` +
      ` ON DELETE ${referentialActions[row.on_delete]} ON UPDATE ${referentialActions[row.on_update]}`,
  );
}
