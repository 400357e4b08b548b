import http from 'node:http';
import pg from 'pg';
import type { CapturedStatement } from './capture-sql.js';

/**
 * BENCH ONLY: the lowest an HTTP endpoint can cost on this machine. A bare node:http
 * server that answers GET /<n> by running the n-th registered list of statements through
 * pg, in order, and writing the last statement's rows as JSON. No framework, ORM, auth or
 * validation: what is left is the HTTP round trip and one more process hop, which the
 * "raw" figure (pg from the bench process itself) does not pay.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_MAX ?? 10) });
const registered: CapturedStatement[][] = [];

process.on('message', (message: { register?: CapturedStatement[] }) => {
  if (!message.register) return;
  registered.push(message.register);
  process.send?.({ registered: registered.length - 1 });
});

const server = http.createServer((req, res) => {
  const statements = registered[Number(req.url?.slice(1))];
  if (!statements) {
    res.writeHead(404).end();
    return;
  }
  void (async () => {
    let rows: unknown[] = [];
    for (const statement of statements) rows = (await pool.query(statement.text, statement.values)).rows;
    const body = JSON.stringify({ items: rows });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  })().catch((error: Error) => res.writeHead(500).end(error.message));
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ listening: true }));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
