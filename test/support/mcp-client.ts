import { Client, StreamableHTTPClientTransport, type CallToolResult } from '@modelcontextprotocol/client';

/** The protocol generations a test client can speak: 2026-07-28, or a 2025 revision's handshake. */
export type McpRevision = '2026-07-28' | '2025-11-25' | '2025-06-18' | '2025-03-26';

export interface McpConnection {
  client: Client;
  transport: StreamableHTTPClientTransport;
  close(): Promise<void>;
}

export interface ConnectOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Default 2026-07-28 (modern: server/discover, no initialize). */
  revision?: McpRevision;
  /** Query string for the endpoint, e.g. `toolsets=contacts,deals`. */
  query?: string;
}

/** The official v2 client over Streamable HTTP, with a bearer token. */
export async function connectMcp(baseUrl: string, options: ConnectOptions = {}): Promise<McpConnection> {
  const headers = { ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}), ...options.headers };
  const url = new URL(`${baseUrl}/api/mcp${options.query ? `?${options.query}` : ''}`);
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers } });
  const client = newClient(options.revision ?? '2026-07-28');
  await client.connect(transport);
  return { client, transport, close: () => client.close() };
}

/** A v2 client pinned to one revision: modern pins 2026-07-28; legacy offers only that 2025 revision. */
export function newClient(revision: McpRevision): Client {
  const info = { name: 'synapse-e2e', version: '1.0.0' };
  return revision === '2026-07-28'
    ? new Client(info, { versionNegotiation: { mode: { pin: '2026-07-28' } } })
    : new Client(info, { supportedProtocolVersions: [revision] });
}

/** Calls a tool and returns its result (isError results included; protocol errors throw). */
export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The structured output of a successful call; fails the test with the tool's text otherwise. */
export async function callOk<T = Record<string, any>>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const result = await callTool(client, name, args);
  if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
  return result.structuredContent as T;
}

export function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join('\n');
}

/** A raw JSON-RPC POST, for what the SDK client would never send. */
export async function rawPost(baseUrl: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body,
  });
}

export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

/** A raw 2026-07-28 request: the `_meta` envelope and the Mcp-Method/Mcp-Name headers it needs. */
export function modernRequest(id: number, method: string, params: Record<string, unknown> = {}): { body: string; headers: Record<string, string> } {
  const name = typeof params.name === 'string' ? params.name : undefined;
  return {
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method,
      params: {
        ...params,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    }),
    headers: { 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, ...(name ? { 'mcp-name': name } : {}) },
  };
}
