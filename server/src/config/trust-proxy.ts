import { isIP } from 'node:net';
import { z } from 'zod';

// proxy-addr's names for address ranges (Fastify hands the list to it).
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a CIDR block, or one of proxy-addr's range names. */
function isProxyAddress(item: string): boolean {
  if (RANGE_NAMES.has(item)) return true;
  const [address, prefix, extra] = item.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: which proxies may tell us the client's address (X-Forwarded-For), as
 * Fastify's `trustProxy` takes it. A hop count (`1`: the one load balancer in front), or a
 * comma list of addresses and CIDR blocks. Unset trusts nobody: a client could otherwise
 * claim any address and dodge the sign-in throttle.
 */
export const trustProxySetting = z
  .string()
  .transform((value, ctx): number | string[] => {
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed);
    const items = trimmed.split(',').map((item) => item.trim()).filter(Boolean);
    if (items.length === 0 || !items.every(isProxyAddress)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a hop count (e.g. 1) or a comma list of proxy addresses or CIDR blocks (e.g. 10.0.0.0/8,127.0.0.1)',
      });
      return z.NEVER;
    }
    return items;
  })
  .optional();

/**
 * Fastify's `trustProxy` option for the parsed setting. A hop count becomes the function
 * Fastify itself compiles a number into (trust the first n hops), which Nest's adapter type accepts.
 */
export function fastifyTrustProxy(setting: number | string[] | undefined): string[] | ((address: string, hop: number) => boolean) | false {
  if (setting === undefined || setting === 0) return false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}
