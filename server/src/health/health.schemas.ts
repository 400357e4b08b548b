import { z } from 'zod';

const check = z.object({
  status: z.enum(['up', 'down']).describe('"up" when the check passed.'),
  latencyMs: z.number().int().describe('How long the check took, in milliseconds.'),
  error: z.string().optional().describe('Why the check failed, in our words (never the driver\'s, which could name hosts).'),
});

export const LivenessOutput = z.object({
  status: z.literal('ok').describe('The process is running and its event loop answers. Never touches the database.'),
});
export type LivenessOutput = z.infer<typeof LivenessOutput>;

export const HealthOutput = z.object({
  status: z.enum(['ok', 'unavailable']).describe('"ok" when the server is ready to serve requests.'),
  liveness: z.object({ status: z.literal('up').describe('The process is running and answering.') }),
  readiness: z.object({
    status: z.enum(['up', 'down']).describe('"up" when every dependency check passed.'),
    checks: z.object({
      database: check.describe('A round trip to the database.'),
      migrations: check.describe('Every migration this build ships is applied.'),
    }),
  }),
});
export type HealthOutput = z.infer<typeof HealthOutput>;
