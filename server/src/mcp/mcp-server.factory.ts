import { Inject, Injectable } from '@nestjs/common';
import { mergeCapabilities, Server, type ServerCapabilities, type ServerOptions } from '@modelcontextprotocol/server';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/server/validators/ajv';
import { MCP_FEATURES, type McpCaller, type McpFeature } from './mcp-feature.js';

export const SERVER_INFO = { name: 'synapse-crm', title: 'Synapse CRM', version: '1.0.0' };
const INSTRUCTIONS =
  'Synapse CRM: contacts, leads, deals (in pipelines with stages) and support tickets of your company workspace. ' +
  'Every tool acts as the user and workspace of the credential the client presents. ' +
  'Use the *_list tools to find ids before get/update/delete; pipeline_list gives pipeline and stage ids for deals.';

/**
 * Builds one SDK server instance: per stateless request (the SDK's serving model for both
 * protocol generations), per stateful session, or per stdio connection. Everything heavy
 * (schemas, list answers, the JSON Schema validator, the merged capabilities) is built once
 * here, so an instance is a constructor call plus a few handler registrations. The low-level
 * `Server` rather than `McpServer`: the catalogue is precomputed data, and `McpServer` would
 * convert every tool schema again for each instance.
 */
@Injectable()
export class McpServerFactory {
  private readonly options: ServerOptions;

  constructor(@Inject(MCP_FEATURES) private readonly features: McpFeature[]) {
    // logging: legacy clients may set a level (the SDK answers logging/setLevel).
    let capabilities: ServerCapabilities = { logging: {} };
    let cacheHints: NonNullable<ServerOptions['cacheHints']> = {};
    for (const feature of features) {
      capabilities = mergeCapabilities(capabilities, feature.capabilities);
      cacheHints = { ...cacheHints, ...feature.cacheHints };
    }
    this.options = {
      capabilities,
      cacheHints,
      instructions: INSTRUCTIONS,
      // The SDK would otherwise build a fresh Ajv instance for every server.
      jsonSchemaValidator: new AjvJsonSchemaValidator(),
    };
  }

  create(caller: McpCaller): Server {
    const server = new Server(SERVER_INFO, this.options);
    for (const feature of this.features) feature.install(server, caller);
    return server;
  }
}
