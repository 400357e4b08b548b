import { Controller, Delete, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../common/auth/principal.js';
import { Public } from '../common/http/zod-route.decorators.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { bodyProblem, INVALID_REQUEST, sendRpcError, SERVER_ERROR } from './json-rpc-http.js';
import { authInfoOf, McpAuth } from './mcp-auth.js';
import { DirectToolCalls } from './direct/direct-tool-calls.js';
import { plainToolCallOf } from './direct/plain-tool-call.js';
import { McpHttpEntry } from './mcp-http.entry.js';
import { McpSessionRegistry } from './mcp-session.registry.js';
import { originProblem, type OriginPolicy } from './origin-guard.js';
import { mayWrite, ToolCatalog } from './tool-catalog.js';
import { parseToolsets, type ToolSelection } from './toolsets/toolsets.js';
import { webRequestOf } from './web-request.js';

/**
 * Streamable HTTP at /api/mcp, both protocol generations. Public to the REST guard because
 * MCP answers refusals its own way: every request (POST, GET, DELETE, and HEAD, which
 * Fastify answers with the GET route) must carry a valid bearer credential, else 401 with
 * the challenge that leads a client to the protected-resource metadata.
 */
@Controller('mcp')
export class McpController {
  private readonly policy: OriginPolicy;
  private readonly direct: boolean;
  private readonly mode: AppConfig['MCP_MODE'];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(McpAuth) private readonly auth: McpAuth,
    @Inject(McpHttpEntry) private readonly entry: McpHttpEntry,
    @Inject(ToolCatalog) private readonly catalog: ToolCatalog,
    @Inject(DirectToolCalls) private readonly directCalls: DirectToolCalls,
    @Inject(McpSessionRegistry) private readonly sessions: McpSessionRegistry,
  ) {
    this.policy = { allowedHosts: config.MCP_ALLOWED_HOSTS, allowedOrigins: config.MCP_ALLOWED_ORIGINS };
    this.direct = config.MCP_DIRECT_TOOL_CALLS;
    this.mode = config.MCP_MODE;
  }

  @Post()
  @Public()
  async post(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const admitted = await this.admit(req, res);
    if (!admitted) return;
    if (req.body === undefined) {
      return sendRpcError(res, 415, SERVER_ERROR, 'Unsupported Media Type: Content-Type must be application/json.');
    }
    const problem = bodyProblem(req.body);
    if (problem) return sendRpcError(res, 400, problem.code, problem.message);
    const writeTool = writeToolCalled(req.body, this.catalog, admitted.selection);
    if (writeTool && !mayWrite(admitted.principal)) {
      // The spec's step-up: the client may ask the user for a credential with more scope.
      return sendRpcError(res, 403, SERVER_ERROR, `Forbidden: ${writeTool} changes data, and this credential lacks the crm:write scope.`, {
        'WWW-Authenticate': this.auth.challenge(req.headers.host, 'insufficient_scope'),
      });
    }
    if (this.direct && (await this.answerDirectly(req, res, admitted))) return;
    await this.serve(req, res, admitted);
  }

  /** A plain tools/call, answered past the SDK's per-request machinery (ADR 0055); false when the SDK must serve it. */
  private async answerDirectly(req: FastifyRequest, res: FastifyReply, admitted: Admitted): Promise<boolean> {
    const call = plainToolCallOf(req.headers, req.body, this.mode);
    if (!call) return false;
    let { selection } = admitted;
    if (call.sessionId !== undefined) {
      // A session call needs a live session of this subject; anything else (404, 503) the SDK path answers.
      const session = await this.sessions.forDirectCall(call.sessionId, admitted.principal);
      if (!session) return false;
      selection = session.selection;
      call.announced = session.clientInfo;
    }
    const answer = await this.directCalls.answer(call, admitted.principal, selection, req.headers, String(req.id));
    if (answer === undefined) return false;
    await res.status(200).header('content-type', 'application/json').send(answer);
    return true;
  }

  /** GET (the legacy notification stream) and DELETE (end a legacy session): stateful mode only. */
  @Get()
  @Public()
  async stream(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const admitted = await this.admit(req, res);
    if (admitted) await this.serve(req, res, admitted);
  }

  @Delete()
  @Public()
  async end(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const admitted = await this.admit(req, res);
    if (admitted) await this.serve(req, res, admitted);
  }

  private async serve(req: FastifyRequest, res: FastifyReply, admitted: Admitted): Promise<void> {
    const authInfo = authInfoOf(admitted.principal, admitted.token, req.ip ?? 'unknown', admitted.selection);
    const response = await this.entry.serve(webRequestOf(req, res), req.body, authInfo);
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) return void (await res.send(withHeadersFlushed(response)));
    // A JSON answer is complete already: sent as one string, not piped chunk by chunk from a web stream.
    for (const [name, value] of response.headers) void res.header(name, value);
    await res.status(response.status).send(response.body ? await response.text() : undefined);
  }

  /** Origin/Host check, the bearer credential, then the toolsets asked for; answers the refusal itself. */
  private async admit(req: FastifyRequest, res: FastifyReply): Promise<Admitted | undefined> {
    const problem = originProblem(req.raw, this.policy);
    if (problem) {
      sendRpcError(res, 403, SERVER_ERROR, `Forbidden: ${problem}.`);
      return undefined;
    }
    const admission = await this.auth.admit(req.headers.authorization, req.headers.host);
    switch (admission.kind) {
      case 'admitted': {
        const toolsets = parseToolsets((req.query as { toolsets?: string | string[] } | undefined)?.toolsets);
        if ('error' in toolsets) {
          sendRpcError(res, 400, INVALID_REQUEST, `Bad Request: ${toolsets.error}`);
          return undefined;
        }
        return { principal: admission.principal, token: admission.token, selection: toolsets.selection };
      }
      case 'unavailable':
        sendRpcError(res, 503, SERVER_ERROR, 'Service Unavailable: credentials cannot be checked right now. Retry after the time in Retry-After.', {
          'Retry-After': String(admission.retryAfterSeconds),
        });
        return undefined;
      case 'challenge': {
        const message = admission.invalidToken
          ? 'Unauthorized: the credential is invalid, expired, or not issued for this endpoint. Sign in again.'
          : 'Unauthorized: send a bearer credential (OAuth access token or API key) in the Authorization header.';
        sendRpcError(res, 401, SERVER_ERROR, message, {
          'WWW-Authenticate': this.auth.challenge(req.headers.host, admission.invalidToken ? 'invalid_token' : undefined),
        });
        return undefined;
      }
    }
  }
}

interface Admitted {
  principal: Principal;
  token: string;
  selection: ToolSelection;
}

/** The name of the tool a tools/call would run when that tool changes data, else undefined. */
function writeToolCalled(body: unknown, catalog: ToolCatalog, selection: ToolSelection): string | undefined {
  const message = body as { method?: unknown; params?: { name?: unknown } };
  if (message.method !== 'tools/call' || typeof message.params?.name !== 'string') return undefined;
  // A tool the toolsets leave out is refused as such by tools/call, not stepped up.
  const tool = catalog.find(message.params.name, 'http', selection);
  return tool && !tool.annotations.readOnlyHint ? tool.name : undefined;
}

const OPENING_COMMENT = new TextEncoder().encode(': stream open\n\n');

/**
 * Fastify writes a streamed answer's status and headers with its first chunk, and the legacy
 * GET stream may have nothing to say for a long while: an SSE comment (which clients skip)
 * makes the stream visibly open at once.
 */
function withHeadersFlushed(response: Response): Response {
  if (!response.body) return response;
  const opened = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({ start: (controller) => controller.enqueue(OPENING_COMMENT) }),
  );
  return new Response(opened, { status: response.status, statusText: response.statusText, headers: response.headers });
}
