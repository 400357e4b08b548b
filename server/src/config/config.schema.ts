import { z } from 'zod';
import { bytesOf } from './byte-size.js';
import { trustProxySetting } from './trust-proxy.js';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const commaList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

/** Every environment variable the server reads, validated once at boot. */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port.default(3001),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: trustProxySetting,
    BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb').default('1mb').transform(bytesOf),

    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection string')
      .optional(),
    DATABASE_POOL_MAX: positiveInt.max(500).default(10),
    PGLITE_DATA_DIR: z.string().min(1).default('./data/pglite'),
    // A dump (`npm run db:migrate -- --dump <file>`) a new embedded database starts from (ADR 0053).
    PGLITE_INITIAL_DATA: z.string().min(1).optional(),
    SEED_ON_FIRST_START: z.stringbool().default(true),

    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_PRIVATE_KEY: z.string().optional(),
    JWT_PUBLIC_KEY: z.string().optional(),
    JWT_ALGORITHM: z.enum(['HS256', 'RS256', 'ES256', 'EdDSA']).default('HS256'),
    JWT_ISSUER: z.string().min(1).default('synapse-crm'),
    JWT_AUDIENCE: z.string().min(1).default('synapse-api'),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt.default(900),
    REFRESH_TOKEN_TTL_DAYS: positiveInt.default(30),
    SIGN_IN_MAX_FAILURES: positiveInt.default(5),
    SIGN_IN_FAILURE_WINDOW_SECONDS: positiveInt.default(900),
    // Sign-up answers no sooner than this, new email or taken (ADR 0036).
    SIGN_UP_MIN_DURATION_MS: z.coerce.number().int().min(0).max(10_000).default(400),
    // Audit records older than this many days are deleted hourly; 0 keeps them forever (ADR 0038).
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
    REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1-64 letters, digits or . _ : -').default('synapse'),

    // The origin clients use to reach us (scheme://host[:port], no path), e.g. behind a proxy.
    // Unset: the loopback name and port of each request (development).
    PUBLIC_URL: z
      .url({ protocol: /^https?$/ })
      .refine((value) => new URL(value).pathname === '/' && !new URL(value).search, 'must be an origin without a path')
      .transform((value) => new URL(value).origin)
      .optional(),

    // OAuth for MCP clients (ADR 0030). Gemini CLI refreshes within 5 minutes of expiry, so
    // an access token must live well past that: 15 minutes is the floor.
    OAUTH_ACCESS_TOKEN_TTL_SECONDS: positiveInt.min(900, 'must be at least 900 (15 minutes)').default(3600),
    // A refresh token presented again this soon after its rotation gets the same new pair
    // (clients that refresh twice in parallel); later, reuse revokes the grant.
    OAUTH_REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
    OAUTH_REGISTRATIONS_PER_HOUR: positiveInt.default(60),

    // Deleted records stay in the trash this long, restorable by undo; then the purge job,
    // which runs every TRASH_PURGE_INTERVAL_SECONDS, deletes them for good (ADR 0040).
    TRASH_RETENTION_DAYS: positiveInt.default(30),
    TRASH_PURGE_INTERVAL_SECONDS: positiveInt.default(3600),

    // Stateless by default: no session to idle out, any instance serves any request (ADR 0024).
    MCP_MODE: z.enum(['stateful', 'stateless']).default('stateless'),
    MCP_SESSION_IDLE_SECONDS: positiveInt.default(1800),
    // Plain tools/call requests skip the per-request SDK server (ADR 0055); false sends every
    // request through the SDK, e.g. to rule the direct path out when chasing a protocol bug.
    MCP_DIRECT_TOOL_CALLS: z.stringbool().default(true),
    MCP_ALLOWED_ORIGINS: commaList.optional(),
    MCP_ALLOWED_HOSTS: commaList.optional(),
  })
  .superRefine((env, ctx) => {
    if (env.JWT_ALGORITHM !== 'HS256' && (!env.JWT_PRIVATE_KEY || !env.JWT_PUBLIC_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_PRIVATE_KEY'],
        message: `JWT_ALGORITHM=${env.JWT_ALGORITHM} needs JWT_PRIVATE_KEY and JWT_PUBLIC_KEY (PEM)`,
      });
    }
    if (env.NODE_ENV === 'production' && env.JWT_ALGORITHM === 'HS256' && !env.JWT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is required in production (at least 32 random characters)',
      });
    }
    if (env.NODE_ENV === 'production' && !env.PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'is required in production: the origin clients reach the server at (https://crm.example.com), used as the OAuth issuer and the MCP resource identifier',
      });
    }
  });

export type AppConfig = z.infer<typeof configSchema>;
