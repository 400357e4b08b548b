import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client.js';
import type { HealthOutput } from './health.schemas.js';

// A readiness probe must answer quickly even when the database hangs.
const DATABASE_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async check(): Promise<HealthOutput> {
    const database = await this.checkDatabase();
    const ready = database.status === 'up';
    return {
      status: ready ? 'ok' : 'unavailable',
      liveness: { status: 'up' },
      readiness: { status: ready ? 'up' : 'down', checks: { database } },
    };
  }

  private async checkDatabase(): Promise<HealthOutput['readiness']['checks']['database']> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS} ms`)), DATABASE_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.prisma.$queryRaw`SELECT 1`, timeout]);
      return { status: 'up', latencyMs: Date.now() - started };
    } catch (error) {
      return { status: 'down', latencyMs: Date.now() - started, error: describe(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}

// Prisma puts the driver's reason on the last line; keep the probe answer short.
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split('\n').filter(Boolean).at(-1)?.slice(0, 300) ?? 'database check failed';
}
