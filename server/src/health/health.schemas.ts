import { z } from 'zod';

const check = z.object({
  status: z.enum(['up', 'down']).describe('"up" when the check passed.'),
  latencyMs: z.number().int().describe('How long the check took, in milliseconds.'),
  error: z.string().optional().describe('Why the check failed, when it did.'),
});

export const HealthOutput = z.object({
  status: z.enum(['ok', 'unavailable']).describe('"ok" when the server is alive and ready to serve requests.'),
  liveness: z.object({ status: z.literal('up').describe('The process is running and answering.') }),
  readiness: z.object({
    status: z.enum(['up', 'down']).describe('"up" when every dependency check passed.'),
    checks: z.object({ database: check.describe('A `SELECT 1` round trip to the database.') }),
  }),
});
export type HealthOutput = z.infer<typeof HealthOutput>;
