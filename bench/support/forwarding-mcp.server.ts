import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ListContactsQuery } from '../../server/src/contacts/contacts.schemas.js';

/**
 * BENCH ONLY: the earlier design, kept as the baseline the native MCP module must beat.
 * A separate MCP server whose contact_list tool calls the REST API over HTTP with the
 * caller's bearer token. Stateful sessions, JSON responses (as the native module).
 */
const REST = process.env.REST_BASE_URL!;
const PORT = Number(process.env.PORT);
const transports = new Map<string, StreamableHTTPServerTransport>();

function createServer(): McpServer {
  const server = new McpServer({ name: 'synapse-forwarding-bench', version: '0.0.0' });
  server.registerTool(
    'contact_list',
    { description: 'List contacts (forwards to GET /api/contacts).', inputSchema: ListContactsQuery.shape },
    async (args, extra) => {
      const query = new URLSearchParams(Object.entries(args).map(([key, value]): [string, string] => [key, String(value)]));
      const authorization = extra.requestInfo?.headers.authorization;
      const response = await fetch(`${REST}/api/contacts?${query}`, {
        headers: typeof authorization === 'string' ? { authorization } : {},
      });
      const text = await response.text();
      if (!response.ok) return { isError: true, content: [{ type: 'text', text }] };
      return { content: [{ type: 'text', text }], structuredContent: JSON.parse(text) as Record<string, unknown> };
    },
  );
  return server;
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

http
  .createServer(async (req, res) => {
    try {
      const body = req.method === 'POST' ? await readJson(req) : undefined;
      const sessionId = req.headers['mcp-session-id'];
      let transport = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
      if (!transport && isInitializeRequest(body)) {
        const created = new StreamableHTTPServerTransport({
          sessionIdGenerator: randomUUID,
          enableJsonResponse: true,
          onsessioninitialized: (id) => void transports.set(id, created),
        });
        await createServer().connect(created);
        transport = created;
      }
      if (!transport) {
        res.writeHead(404).end();
        return;
      }
      await transport.handleRequest(req, res, body);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    }
  })
  .listen(PORT, '127.0.0.1', () => process.send?.({ ready: true }));
