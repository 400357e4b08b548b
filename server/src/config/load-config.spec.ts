import { ConfigError, loadConfig } from './load-config.js';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the configuration to be rejected');
}

test('an empty environment is a valid development setup on the embedded database', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ NODE_ENV: 'development', HOST: '127.0.0.1', PORT: 3001, JWT_ALGORITHM: 'HS256' });
  expect(config.DATABASE_URL).toBeUndefined();
  expect(config.JWT_SECRET).toBeUndefined();
  expect(config.SEED_ON_FIRST_START).toBe(true);
});

test('values are parsed: PORT, booleans, pool size', () => {
  const config = loadConfig({ PORT: '8080', SEED_ON_FIRST_START: 'false', DATABASE_POOL_MAX: '25' });
  expect(config).toMatchObject({ PORT: 8080, SEED_ON_FIRST_START: false, DATABASE_POOL_MAX: 25 });
});

test('empty strings count as unset', () => {
  const config = loadConfig({ PORT: '', DATABASE_URL: '' });
  expect(config.PORT).toBe(3001);
  expect(config.DATABASE_URL).toBeUndefined();
});

test.each([
  ['PORT', 'not-a-port'],
  ['PORT', '70000'],
  ['DATABASE_URL', 'mysql://root:hunter2secret@db.internal/crm'],
  ['JWT_SECRET', 'tooShortSecretValue'],
  ['LOG_LEVEL', 'loudest'],
  ['BODY_LIMIT', 'lots-of-bytes'],
  ['NODE_ENV', 'staging-xyz'],
  ['REDIS_URL', 'http://:redisPassw0rd@cache.internal:6379'],
  ['REDIS_KEY_PREFIX', 'has spaces and {braces}'],
  ['TRUST_PROXY', '10.0.0.0/99,not-an-address'],
])('a bad %s stops the boot naming the variable, without echoing the value', (name, value) => {
  const message = problemsOf({ [name]: value });
  expect(message).toContain(name);
  expect(message).not.toContain(value);
});

test('production refuses to boot without JWT_SECRET, and says so by name', () => {
  const message = problemsOf({ NODE_ENV: 'production' });
  expect(message).toMatch(/JWT_SECRET .*required in production/);
  expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), PUBLIC_URL: 'https://crm.example.com' })).not.toThrow();
});

test('production refuses to boot without PUBLIC_URL, the OAuth issuer and MCP resource origin', () => {
  const message = problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) });
  expect(message).toMatch(/PUBLIC_URL is required in production/);
});

test('an OAuth access-token lifetime under 15 minutes is refused', () => {
  expect(problemsOf({ OAUTH_ACCESS_TOKEN_TTL_SECONDS: '600' })).toContain('OAUTH_ACCESS_TOKEN_TTL_SECONDS');
  expect(loadConfig({ OAUTH_ACCESS_TOKEN_TTL_SECONDS: '900' }).OAUTH_ACCESS_TOKEN_TTL_SECONDS).toBe(900);
  expect(loadConfig({}).OAUTH_ACCESS_TOKEN_TTL_SECONDS).toBe(3600);
});

test('an asymmetric algorithm needs both PEM keys', () => {
  expect(problemsOf({ JWT_ALGORITHM: 'RS256' })).toContain('JWT_PRIVATE_KEY');
});

test('every problem is listed at once', () => {
  const message = problemsOf({ PORT: 'x', LOG_LEVEL: 'y' });
  expect(message).toContain('PORT');
  expect(message).toContain('LOG_LEVEL');
});

test('TRUST_PROXY: unset trusts nobody; a hop count or a list of addresses and CIDR blocks', () => {
  expect(loadConfig({}).TRUST_PROXY).toBeUndefined();
  expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
  expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback' }).TRUST_PROXY).toEqual([
    '10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback',
  ]);
  expect(problemsOf({ TRUST_PROXY: 'true' })).toContain('TRUST_PROXY');
  expect(problemsOf({ TRUST_PROXY: '10.0.0.0/33' })).toContain('TRUST_PROXY');
});
