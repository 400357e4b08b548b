import type { HttpClient, Task } from './load.js';

const LEGACY_VERSION = '2025-11-25';
const MODERN_VERSION = '2026-07-28';

/**
 * A minimal MCP client over raw HTTP: JSON-RPC bodies posted with keep-alive, so the
 * measurement is the server's cost, not an SDK client's.
 */
export async function mcpToolCaller(
  http: HttpClient,
  options: { token: string; tool: string; args: Record<string, unknown>; session: boolean; modern?: boolean },
): Promise<Task> {
  const base: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `Bearer ${options.token}`,
  };
  if (options.modern) return modernToolCaller(http, base, options);
  const init = await http.request('POST', '/api/mcp', base, JSON.stringify({
    jsonrpc: '2.0', id: 0, method: 'initialize',
    params: { protocolVersion: LEGACY_VERSION, capabilities: {}, clientInfo: { name: 'synapse-bench', version: '0' } },
  }));
  if (init.status !== 200) throw new Error(`initialize answered ${init.status}: ${init.body.slice(0, 300)}`);
  const headers = { ...base, 'mcp-protocol-version': LEGACY_VERSION };
  const sessionId = init.headers['mcp-session-id'];
  if (options.session) {
    if (typeof sessionId !== 'string') throw new Error('initialize returned no Mcp-Session-Id in stateful mode');
    Object.assign(headers, { 'mcp-session-id': sessionId });
  }
  const initialized = await http.request('POST', '/api/mcp', headers, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  if (initialized.status !== 202 && initialized.status !== 200) throw new Error(`notifications/initialized answered ${initialized.status}`);

  let id = 1;
  const call = async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: id++, method: 'tools/call', params: { name: options.tool, arguments: options.args } });
    const response = await http.request('POST', '/api/mcp', headers, body);
    if (response.status !== 200 || !response.body.includes('"result"') || response.body.includes('"isError":true')) {
      throw new Error(`tools/call ${options.tool} failed: ${response.status} ${response.body.slice(0, 300)}`);
    }
    return response.body;
  };
  await call();
  return call;
}

/** 2026-07-28: no handshake; every request carries its `_meta` envelope and the routing headers. */
async function modernToolCaller(
  http: HttpClient,
  base: Record<string, string>,
  options: { tool: string; args: Record<string, unknown> },
): Promise<Task> {
  const headers = { ...base, 'mcp-protocol-version': MODERN_VERSION, 'mcp-method': 'tools/call', 'mcp-name': options.tool };
  const _meta = {
    'io.modelcontextprotocol/protocolVersion': MODERN_VERSION,
    'io.modelcontextprotocol/clientInfo': { name: 'synapse-bench', version: '0' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  let id = 1;
  const call = async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: id++, method: 'tools/call', params: { name: options.tool, arguments: options.args, _meta } });
    const response = await http.request('POST', '/api/mcp', headers, body);
    if (response.status !== 200 || !response.body.includes('"result"') || response.body.includes('"isError":true')) {
      throw new Error(`tools/call ${options.tool} failed: ${response.status} ${response.body.slice(0, 300)}`);
    }
    return response.body;
  };
  await call();
  return call;
}
