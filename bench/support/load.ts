import http from 'node:http';
import { summarize, type Summary } from './stats.js';

export type Task = () => Promise<unknown>;

/** Runs `task` back to back; latency without queueing. */
export async function runSequential(task: Task, options: { warmup: number; iterations: number }): Promise<Summary> {
  for (let i = 0; i < options.warmup; i++) await task();
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < options.iterations; i++) {
    const t0 = performance.now();
    await task();
    samples.push(performance.now() - t0);
  }
  return summarize(samples, performance.now() - started);
}

/** Keeps `concurrency` tasks in flight for `durationMs`; throughput and latency under load. */
export async function runConcurrent(task: Task, options: { concurrency: number; durationMs: number; warmupMs?: number }): Promise<Summary> {
  if (options.warmupMs) await runConcurrent(task, { concurrency: options.concurrency, durationMs: options.warmupMs });
  const samples: number[] = [];
  const started = performance.now();
  const deadline = started + options.durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await task();
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return summarize(samples, performance.now() - started);
}

/** One task per simulated client (each with its own session), all in flight for `durationMs`. */
export async function runClients(tasks: Task[], options: { durationMs: number; warmupMs?: number }): Promise<Summary> {
  if (options.warmupMs) await runClients(tasks, { durationMs: options.warmupMs });
  const samples: number[] = [];
  const started = performance.now();
  const deadline = started + options.durationMs;
  await Promise.all(
    tasks.map(async (task) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await task();
        samples.push(performance.now() - t0);
      }
    }),
  );
  return summarize(samples, performance.now() - started);
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
