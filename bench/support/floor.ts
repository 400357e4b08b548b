import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from './bench-server.js';
import type { CapturedStatement } from './capture-sql.js';

export interface FloorServer {
  baseUrl: string;
  /** Registers a request's statements; returns the path that replays them. */
  register(statements: CapturedStatement[]): Promise<string>;
  stop(): Promise<void>;
}

/** Starts floor.server in its own process, as the real server runs in its own. */
export async function startFloorServer(databaseUrl: string): Promise<FloorServer> {
  const port = await freePort();
  const child = fork(fileURLToPath(new URL('./floor.server.js', import.meta.url)), [], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port) },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await once(child, 'message');
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async register(statements) {
      const reply = once(child, 'message') as Promise<[{ registered: number }]>;
      child.send({ register: statements });
      const [{ registered }] = await reply;
      return `/${registered}`;
    },
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
