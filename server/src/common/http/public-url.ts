// The one answer to "what URL did the client use to reach us?", shared by the MCP
// challenge (WWW-Authenticate), the protected-resource metadata and the OAuth issuer.
// MCP clients compare these URLs character for character (Gemini CLI: `localhost` is
// not `127.0.0.1`), so in development the request's own loopback name is echoed back.

const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

export const MCP_PATH = '/api/mcp';

export interface PublicUrlConfig {
  PUBLIC_URL?: string | undefined;
  PORT: number;
}

/**
 * `PUBLIC_URL` when configured; otherwise `http://<Host>` when the request's Host is a
 * loopback name, else `http://localhost:<PORT>`. Never a value an attacker's Host
 * header can point elsewhere than loopback.
 */
export function publicBaseUrl(config: PublicUrlConfig, hostHeader: string | undefined): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL;
  const host = hostHeader?.trim().toLowerCase();
  if (host && LOOPBACK_HOST.test(host)) return `http://${host}`;
  return `http://localhost:${config.PORT}`;
}

/** The MCP resource identifier (RFC 8707/9728): exactly the URL of the endpoint, no trailing slash. */
export function mcpResourceUrl(config: PublicUrlConfig, hostHeader: string | undefined): string {
  return `${publicBaseUrl(config, hostHeader)}${MCP_PATH}`;
}
