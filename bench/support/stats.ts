/** Latency samples in milliseconds, and the figures the benchmarks print. */
export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  /** Requests per second over the measured window. */
  rps: number;
  /** Server CPU per request in microseconds (NaN where not measured). */
  cpuUs: number;
}

export function summarize(samples: number[], elapsedMs: number, serverCpuMs = Number.NaN): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), rps: (sorted.length * 1000) / elapsedMs, cpuUs: (serverCpuMs * 1000) / sorted.length };
}

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '-');
export const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : '-');

/** A plain fixed-width table: the first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
