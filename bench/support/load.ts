import http from 'node:http';
import { summarize, type Summary } from './stats.js';

export type Task = () => Promise<unknown>;

/** Raw samples (ms) of one measured stretch; stretches of the same kind merge. */
export interface Measurement {
  samples: number[];
  elapsedMs: number;
  /** CPU the servers under test used meanwhile, where the bench measures it. */
  serverCpuMs?: number;
}

/** Runs `task` back to back: latency without queueing. */
export async function measureSequential(task: Task, iterations: number): Promise<Measurement> {
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await task();
    samples.push(performance.now() - t0);
  }
  return { samples, elapsedMs: performance.now() - started };
}

/** One task per simulated client (each may hold its own session), all in flight for `durationMs`. */
export async function measureClients(tasks: Task[], durationMs: number): Promise<Measurement> {
  const samples: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    tasks.map(async (task) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await task();
        samples.push(performance.now() - t0);
      }
    }),
  );
  return { samples, elapsedMs: performance.now() - started };
}

/**
 * Runs every contender in turn, round after round, after one unmeasured warm-up round:
 * the machine is shared, and interleaving spreads its background noise evenly over
 * the contenders instead of penalising whichever ran during a busy spell.
 */
export async function interleave<K extends string>(runs: Record<K, () => Promise<Measurement>>, rounds: number): Promise<Record<K, Summary>> {
  const names = Object.keys(runs) as K[];
  for (const name of names) await runs[name]();
  const merged = Object.fromEntries(names.map((name) => [name, { samples: [] as number[], elapsedMs: 0, serverCpuMs: 0 }])) as Record<K, Required<Measurement>>;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const { samples, elapsedMs, serverCpuMs } = await runs[name]();
      merged[name].samples.push(...samples);
      merged[name].elapsedMs += elapsedMs;
      merged[name].serverCpuMs += serverCpuMs ?? Number.NaN;
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(merged[name].samples, merged[name].elapsedMs, merged[name].serverCpuMs)])) as Record<K, Summary>;
}

/**
 * A bare keep-alive HTTP client: the load generator shares two cores with the server,
 * so it must cost as little as possible per request.
 */
export class HttpClient {
  private readonly agent: http.Agent;

  constructor(private readonly baseUrl: string, maxSockets = 64) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        { method, agent: this.agent, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** GET that must answer 200; returns the raw body. */
  async getOk(path: string, headers: Record<string, string>): Promise<string> {
    const response = await this.request('GET', path, headers);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.body.slice(0, 300)}`);
    return response.body;
  }

  close(): void {
    this.agent.destroy();
  }
}
