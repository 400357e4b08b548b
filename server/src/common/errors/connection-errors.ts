/**
 * Recognises "the database cannot be reached right now" in whatever shape it arrives: a
 * node-postgres or socket error, a PostgreSQL SQLSTATE, Prisma's wrapping of either
 * (driver-adapter errors keep the original under `cause` or `meta.driverAdapterError`),
 * a pool timeout, or a closed PGlite. These are the failures a retry fixes, so they
 * become one domain error (503) instead of a 500.
 */
export function isConnectionFailure(error: unknown): boolean {
  return causesOf(error).some(isConnectionClass);
}

// Socket-level errors: the server is gone, restarting, or the network dropped the connection.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

// SQLSTATE: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now,
// 53300 too_many_connections; class 08 is connection_exception.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

// Prisma: P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 server
// closed the connection, P2024 timed out fetching a connection from the pool.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

// What @prisma/adapter-pg calls the socket errors it converts.
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

// node-postgres and pg-pool throw plain Errors without a code for these; PGlite likewise.
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
  /PGlite is closed/i,
  // SQLSTATE 55000 is too broad to map; this is its connection-time form.
  /is not currently accepting connections/i,
  /Unable to start a transaction in the given time/i,
];

function isConnectionClass(error: Record<string, unknown>): boolean {
  const code = typeof error.code === 'string' ? error.code : undefined;
  const originalCode = typeof error.originalCode === 'string' ? error.originalCode : undefined;
  for (const value of [code, originalCode]) {
    if (!value) continue;
    if (SOCKET_CODES.has(value) || SQLSTATES.has(value) || PRISMA_CODES.has(value) || /^08[0-9A-Z]{3}$/.test(value)) return true;
  }
  if (typeof error.kind === 'string' && ADAPTER_KINDS.has(error.kind)) return true;
  const message = typeof error.message === 'string' ? error.message : '';
  return MESSAGES.some((pattern) => pattern.test(message));
}

/** The error and everything it wraps, breadth first, cycles and depth bounded. */
function causesOf(error: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && found.length < 16) {
    const next = queue.shift();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    const record = next as Record<string, unknown>;
    found.push(record);
    const meta = record.meta as Record<string, unknown> | undefined;
    queue.push(record.cause, meta?.driverAdapterError, ...(Array.isArray(record.errors) ? record.errors : []));
  }
  return found;
}
