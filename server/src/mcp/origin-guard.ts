import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface OriginPolicy {
  /** Extra `Host` values (name:port as clients send it), e.g. `crm.example.com`. */
  allowedHosts?: readonly string[];
  /** Extra browser origins, e.g. `https://app.example.com`. */
  allowedOrigins?: readonly string[];
}

/**
 * DNS-rebinding protection for the MCP endpoint. A `Host` must be a loopback name on the
 * port we listen on, or configured. An `Origin`, when present (browsers), must be a
 * loopback origin or configured. Returns the reason to refuse, or undefined.
 */
export function originProblem(req: IncomingMessage, policy: OriginPolicy): string | undefined {
  const host = req.headers.host?.toLowerCase();
  if (!host || !hostAllowed(host, req.socket.localPort, policy)) return 'Host header is not allowed';
  const origin = req.headers.origin;
  if (origin !== undefined && !originAllowed(origin, policy)) return 'Origin is not allowed';
  return undefined;
}

function hostAllowed(host: string, localPort: number | undefined, policy: OriginPolicy): boolean {
  if (policy.allowedHosts?.some((allowed) => allowed.toLowerCase() === host)) return true;
  const { name, port } = splitHost(host);
  return LOOPBACK_NAMES.has(name) && (port === undefined ? localPort === 80 : Number(port) === localPort);
}

function originAllowed(origin: string, policy: OriginPolicy): boolean {
  if (policy.allowedOrigins?.includes(origin)) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_NAMES.has(url.hostname);
  } catch {
    return false;
  }
}

function splitHost(host: string): { name: string; port?: string } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  return match ? { name: match[1]!, ...(match[2] ? { port: match[2] } : {}) } : { name: host };
}
