import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

export interface GuardedFetchOptions {
  /** Development only: let loopback and private addresses through (a local test client). */
  allowPrivateAddresses: boolean;
  timeoutMs: number;
  maxBytes: number;
}

export class GuardedFetchError extends Error {
  override name = 'GuardedFetchError';
}

// request-filtering-agent checks the address each connection actually goes to, after DNS
// resolution, so a public name that resolves to 10.0.0.1 or 169.254.169.254 is refused too
// (a check of the name before the request would not survive DNS rebinding).
const strictAgents = { http: new RequestFilteringHttpAgent(), https: new RequestFilteringHttpsAgent() };
const openAgents = {
  http: new RequestFilteringHttpAgent({ allowPrivateIPAddress: true }),
  https: new RequestFilteringHttpsAgent({ allowPrivateIPAddress: true }),
};

/**
 * GET a small JSON document from a URL a stranger gave us (SSRF-guarded): no private,
 * loopback or link-local addresses, no redirects, a size cap and an overall timeout.
 */
export function guardedFetchJson(url: URL, options: GuardedFetchOptions): Promise<unknown> {
  const agents = options.allowPrivateAddresses ? openAgents : strictAgents;
  const isHttps = url.protocol === 'https:';
  const send = isHttps ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      request.destroy();
      reject(new GuardedFetchError(message));
    };
    const timer = setTimeout(() => fail(`no answer within ${options.timeoutMs} ms`), options.timeoutMs);
    const request = send(url, {
      method: 'GET',
      agent: isHttps ? agents.https : agents.http,
      headers: { accept: 'application/json' },
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(new GuardedFetchError(error.message));
    });
    request.on('response', (response: IncomingMessage) => {
      if (response.statusCode !== 200) {
        clearTimeout(timer);
        // Redirects are not followed: the document must live at the URL itself.
        fail(`answered HTTP ${response.statusCode ?? '?'} (redirects are not followed)`);
        return;
      }
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > options.maxBytes) {
        clearTimeout(timer);
        fail(`is larger than ${options.maxBytes} bytes`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          clearTimeout(timer);
          fail(`is larger than ${options.maxBytes} bytes`);
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new GuardedFetchError('is not valid JSON'));
        }
      });
      response.on('error', (error) => {
        clearTimeout(timer);
        reject(new GuardedFetchError(error.message));
      });
    });
    request.end();
  });
}
