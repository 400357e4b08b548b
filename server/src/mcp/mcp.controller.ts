import { Controller, Delete, Get, Inject, Post, Req, Res, type OnModuleInit } from '@nestjs/common';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import {
  isInitializeRequest,
  isJSONRPCRequest,
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type JSONRPCRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Public } from '../common/http/zod-route.decorators.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { answerToolCall, isPlainToolCall } from './direct-tool-call.js';
import { DirectTransport } from './direct-transport.js';
import { bodyProblem, sendRpcError, SERVER_ERROR, SESSION_NOT_FOUND } from './json-rpc-http.js';
import { authInfoOf, McpAuth, requestIdentityOf, sameIdentity, type McpCaller } from './mcp-auth.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { McpSessionRegistry, type McpSession } from './mcp-session.registry.js';
import { originProblem, type OriginPolicy } from './origin-guard.js';

type McpRequest = FastifyRequest;
/** Where POSTed requests are answered in-process: a session's, or stateless mode's shared one. */
type DirectEndpoint = Pick<McpSession, 'direct' | 'connection'>;
// The SDK transport reads the caller from `auth` on the Node request it is handed.
type AuthenticatedMessage = IncomingMessage & { auth?: AuthInfo };

/**
 * Streamable HTTP at /api/mcp. Public to the REST guard: MCP authenticates each request
 * itself (401 with a Bearer challenge for a bad token) and lets anonymous callers list tools.
 */
@Controller('mcp')
export class McpController implements OnModuleInit {
  private readonly stateless: boolean;
  private readonly policy: OriginPolicy;
  // Stateless mode: one Server for every request; identity travels with each request.
  private readonly sharedEndpoint: DirectEndpoint = {
    direct: new DirectTransport(),
    connection: {
      principalFor: (authInfo) => requestIdentityOf(authInfo)?.principal,
      clientKeyFor: (authInfo) => requestIdentityOf(authInfo)?.clientKey ?? 'mcp',
    },
  };

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(McpAuth) private readonly auth: McpAuth,
    @Inject(McpSessionRegistry) private readonly sessions: McpSessionRegistry,
    @Inject(McpServerFactory) private readonly factory: McpServerFactory,
  ) {
    this.stateless = config.MCP_MODE === 'stateless';
    this.policy = { allowedHosts: config.MCP_ALLOWED_HOSTS, allowedOrigins: config.MCP_ALLOWED_ORIGINS };
  }

  async onModuleInit(): Promise<void> {
    if (!this.stateless) return;
    await this.factory.create(this.sharedEndpoint.connection).connect(this.sharedEndpoint.direct);
  }

  @Post()
  @Public()
  async post(@Req() req: McpRequest, @Res() res: FastifyReply): Promise<void> {
    const caller = await this.admit(req, res);
    if (!caller) return;
    if (req.body === undefined) {
      return sendRpcError(res, 415, SERVER_ERROR, 'Unsupported Media Type: Content-Type must be application/json.');
    }
    const problem = bodyProblem(req.body);
    if (problem) return sendRpcError(res, 400, problem.code, problem.message);
    const auth = authInfoOf(caller, clientKeyOf(req));
    if (this.stateless) return this.serveStateless(req, res, auth);

    const principal = caller.kind === 'authenticated' ? caller.principal : undefined;
    const sessionId = headerOf(req, 'mcp-session-id');
    let session: McpSession | undefined;
    if (sessionId) {
      session = this.sessionFor(sessionId, caller, res);
      if (!session) return;
      // The method test first spares a second full schema parse of every ordinary call.
      if (isJSONRPCRequest(req.body) && !(req.body.method === 'initialize' && isInitializeRequest(req.body))) return this.answerDirectly(session, req, res, auth, { 'mcp-session-id': sessionId });
    } else if (isInitializeRequest(req.body)) {
      session = await this.sessions.open(principal);
    } else {
      return sendRpcError(res, 400, SERVER_ERROR, 'Bad Request: Mcp-Session-Id header is required; send initialize first.');
    }
    const transport = session.transport;
    await handOver(req, res, auth, (message, response) => transport.handleRequest(message, response, req.body));
    // A refused initialize never registers its session: release it.
    if (!sessionId && !session.transport.sessionId) await session.server.close();
  }

  @Get()
  @Public()
  async stream(@Req() req: McpRequest, @Res() res: FastifyReply): Promise<void> {
    await this.withSession(req, res);
  }

  @Delete()
  @Public()
  async end(@Req() req: McpRequest, @Res() res: FastifyReply): Promise<void> {
    await this.withSession(req, res);
  }

  /** GET (notification stream) and DELETE (end session) only make sense with sessions. */
  private async withSession(req: McpRequest, res: FastifyReply): Promise<void> {
    if (this.stateless) {
      return sendRpcError(res, 405, SERVER_ERROR, 'Method Not Allowed: this server is stateless; use POST.', { Allow: 'POST' });
    }
    const caller = await this.admit(req, res);
    if (!caller) return;
    const sessionId = headerOf(req, 'mcp-session-id');
    if (!sessionId) return sendRpcError(res, 400, SERVER_ERROR, 'Bad Request: Mcp-Session-Id header is required.');
    const session = this.sessionFor(sessionId, caller, res);
    if (!session) return;
    const transport = session.transport;
    await handOver(req, res, authInfoOf(caller, clientKeyOf(req)), (message, response) => transport.handleRequest(message, response));
  }

  /** Origin/Host check, then the bearer token; answers the refusal itself. */
  private async admit(req: McpRequest, res: FastifyReply): Promise<McpCaller | undefined> {
    const problem = originProblem(req.raw, this.policy);
    if (problem) {
      sendRpcError(res, 403, SERVER_ERROR, `Forbidden: ${problem}.`);
      return undefined;
    }
    const caller = await this.auth.authenticate(req.headers.authorization);
    if (caller.kind === 'rejected') {
      sendRpcError(res, 401, SERVER_ERROR, 'Unauthorized: the access token is invalid or expired. Sign in again.', {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
      return undefined;
    }
    return caller;
  }

  private sessionFor(id: string, caller: McpCaller, res: FastifyReply): McpSession | undefined {
    const session = this.sessions.get(id);
    if (!session) {
      sendRpcError(res, 404, SESSION_NOT_FOUND, 'Session not found: it ended or expired. Start a new one with initialize.');
      return undefined;
    }
    if (caller.kind === 'authenticated') {
      // A session never changes hands: another user's token cannot take it over.
      if (session.owner && !sameIdentity(session.owner, caller.principal)) {
        sendRpcError(res, 403, SERVER_ERROR, 'Forbidden: this session belongs to another user.');
        return undefined;
      }
      session.owner ??= caller.principal;
    }
    return session;
  }

  /** Stateless: requests are answered by the shared Server; notifications need no answer. */
  private async serveStateless(req: McpRequest, res: FastifyReply, auth: AuthInfo): Promise<void> {
    if (isJSONRPCRequest(req.body)) return this.answerDirectly(this.sharedEndpoint, req, res, auth);
    if (!acceptsMcp(req, res)) return;
    this.sharedEndpoint.direct.onmessage?.(req.body as JSONRPCMessage, { authInfo: auth, requestInfo: { headers: req.headers } });
    void res.status(202).send();
  }

  /**
   * One request, one JSON response: the checks the SDK transport makes, then the Server
   * itself, or for a plain tools/call the tool directly (ADR 0012).
   */
  private async answerDirectly(
    { direct, connection }: DirectEndpoint,
    req: McpRequest,
    res: FastifyReply,
    auth: AuthInfo,
    headers: Record<string, string> = {},
  ): Promise<void> {
    if (!acceptsMcp(req, res)) return;
    const version = headerOf(req, 'mcp-protocol-version');
    if (version !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
      return sendRpcError(res, 400, SERVER_ERROR, `Bad Request: Unsupported protocol version: ${version}.`);
    }
    const message = req.body as JSONRPCRequest;
    const body = isPlainToolCall(message)
      ? await answerToolCall(message, (params) => this.factory.callTool(connection, params, auth))
      : JSON.stringify(await direct.dispatch(message, { authInfo: auth, requestInfo: { headers: req.headers } }));
    void res.status(200).headers(headers).type('application/json').send(body);
  }
}

/** Streamable HTTP clients must accept both JSON and SSE answers (406 otherwise, as the SDK does). */
function acceptsMcp(req: McpRequest, res: FastifyReply): boolean {
  const accept = headerOf(req, 'accept') ?? '';
  if (accept.includes('application/json') && accept.includes('text/event-stream')) return true;
  sendRpcError(res, 406, SERVER_ERROR, 'Not Acceptable: Client must accept both application/json and text/event-stream.');
  return false;
}

function clientKeyOf(req: McpRequest): string {
  return req.ip ?? 'unknown';
}

function headerOf(req: McpRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Lets the SDK transport write the response itself (initialize, the SSE stream, DELETE):
 * the headers already set on the reply (security headers) go to the raw response first,
 * since Fastify no longer writes them once the reply is hijacked.
 */
async function handOver(
  req: McpRequest,
  reply: FastifyReply,
  auth: AuthInfo,
  serve: (message: AuthenticatedMessage, response: ServerResponse) => Promise<void>,
): Promise<void> {
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) reply.raw.setHeader(name, value as string | number | string[]);
  }
  reply.hijack();
  const message = req.raw as AuthenticatedMessage;
  message.auth = auth;
  await serve(message, reply.raw);
}
