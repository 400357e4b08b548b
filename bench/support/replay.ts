import type { CapturedStatement } from './capture-sql.js';
import type { SqlRunner } from './bench-server.js';

/** The data statements of a captured request (connection chatter such as BEGIN/COMMIT dropped). */
export function dataStatements(statements: CapturedStatement[]): CapturedStatement[] {
  return statements.filter((statement) => /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(statement.text));
}

/** Runs a request's statements in order, as the service did. */
export async function replay(sql: SqlRunner, statements: CapturedStatement[]): Promise<void> {
  for (const statement of statements) await sql.query(statement.text, statement.values);
}

/** The scan nodes of a statement's plan, one line: which indexes serve it, and its execution time. */
export async function explainSummary(sql: SqlRunner, statement: CapturedStatement): Promise<{ summary: string; plan: string; ms: number }> {
  const rows = (await sql.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values)) as unknown[][];
  const lines = rows.map((row) => String(row[0]));
  const nodes = lines
    .map((line) => line.replace(/^[\s->]+/, '').replace(/\s+\(cost=.*$/, ''))
    .filter((line) => /Scan|Sort|Limit|Join|Nested Loop/.test(line) && !/^(Sort Key|Sort Method|Index Cond|Filter|Recheck)/.test(line));
  const execution = lines.find((line) => line.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
  return { summary: `${nodes.join(' > ')} [${execution}]`, plan: lines.join('\n'), ms: Number.parseFloat(execution) };
}
