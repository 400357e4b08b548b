import { Inject, Injectable } from '@nestjs/common';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolRequest,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { Principal } from '../common/auth/principal.js';
import { ToolCatalog } from './tool-catalog.js';
import { ToolInvoker } from './tool-invoker.js';

/** Who is calling on one MCP connection (HTTP session, stateless request, or stdio process). */
export interface McpConnection {
  principalFor(authInfo: AuthInfo | undefined): Principal | undefined | Promise<Principal | undefined>;
  clientKeyFor(authInfo: AuthInfo | undefined): string;
  /** Absent where a sign-in cannot outlive the request (stateless HTTP). */
  bind?(principal: Principal): boolean;
}

const SERVER_INFO = { name: 'synapse-crm', title: 'Synapse CRM', version: '1.0.0' };
const INSTRUCTIONS =
  'Synapse CRM: contacts, leads, deals (in pipelines with stages) and support tickets of your company workspace. ' +
  'Every CRM tool needs an authenticated caller: an "Authorization: Bearer <token>" header, or auth_sign_in first. ' +
  'Use the *_list tools to find ids before get/update/delete; pipeline_list gives pipeline and stage ids for deals.';

/**
 * Builds the low-level SDK Server for one connection. Everything heavy (schemas, the
 * tools/list answer, the JSON Schema validator) is shared, so this is cheap enough to
 * run for every stateless request.
 */
@Injectable()
export class McpServerFactory {
  // The SDK would otherwise build a fresh Ajv instance for every Server.
  private readonly validator = new AjvJsonSchemaValidator();

  constructor(
    @Inject(ToolCatalog) private readonly catalog: ToolCatalog,
    @Inject(ToolInvoker) private readonly invoker: ToolInvoker,
  ) {}

  create(connection: McpConnection): Server {
    const server = new Server(SERVER_INFO, {
      // logging: clients may set a level (the SDK answers logging/setLevel); tools never change at runtime.
      capabilities: { tools: { listChanged: false }, logging: {} },
      instructions: INSTRUCTIONS,
      jsonSchemaValidator: this.validator,
    });
    const listResult = this.catalog.listResult;
    server.setRequestHandler(ListToolsRequestSchema, () => listResult);
    server.setRequestHandler(CallToolRequestSchema, (request, extra) => this.callTool(connection, request.params, extra.authInfo));
    return server;
  }

  /** tools/call on one connection: the Server's handler, and the HTTP fast path's (ADR 0012). */
  async callTool(connection: McpConnection, params: CallToolRequest['params'], authInfo: AuthInfo | undefined): Promise<CallToolResult> {
    return this.invoker.call(params.name, params.arguments, await connection.principalFor(authInfo), {
      clientKey: connection.clientKeyFor(authInfo),
      ...(connection.bind ? { bindPrincipal: (principal: Principal) => connection.bind!(principal) } : {}),
    });
  }
}
