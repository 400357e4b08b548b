import { Inject, Injectable, Logger } from '@nestjs/common';
import { ProtocolError, ProtocolErrorCode, type CallToolResult } from '@modelcontextprotocol/server';
import type { Principal } from '../common/auth/principal.js';
import { toDomainError } from '../common/errors/to-domain-error.js';
import { parseInput } from '../common/validation/parse-input.js';
import type { McpSurface } from './mcp-feature.js';
import { mayWrite, ToolCatalog } from './tool-catalog.js';
import type { ToolCallContext } from './tool-definition.js';
import type { ToolSelection } from './toolsets/toolsets.js';
import { errorResult, SIGN_IN_HINT, toolErrorOf } from './tool-error.mapper.js';
import { successResult } from './tool-result.js';

/**
 * Runs one tools/call: strict input validation, the service call in-process, and the
 * result as both structuredContent and text (Gemini CLI reads only text).
 */
@Injectable()
export class ToolInvoker {
  private readonly logger = new Logger('McpTools');

  constructor(@Inject(ToolCatalog) private readonly catalog: ToolCatalog) {}

  async call(
    surface: McpSurface,
    name: string,
    args: Record<string, unknown> | undefined,
    principal: Principal | undefined,
    selection: ToolSelection,
    context: ToolCallContext,
  ): Promise<CallToolResult> {
    const found = this.catalog.lookup(name, surface, selection);
    // The spec answers an unknown tool with a protocol error, not a tool result.
    if ('missing' in found) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, found.missing === 'unknown'
        ? `Unknown tool: ${name}. Call tools/list for the available tools.`
        : `Tool ${name} is not in the toolsets this connection chose (${selection.key}). Call tools/list for the available tools, or connect without that toolsets filter.`);
    }
    const { tool } = found;
    if (tool.auth === 'required' && !principal) {
      return errorResult(`${name} needs an authenticated caller. ${SIGN_IN_HINT}`);
    }
    // Over HTTP the controller already answered 403 insufficient_scope; this covers stdio keys.
    if (principal && !tool.annotations.readOnlyHint && !mayWrite(principal)) {
      return errorResult(`${name} changes data, and this credential is read-only (it lacks the crm:write scope). Use a credential with crm:write.`);
    }
    const parsed = parseInput(tool.input, args ?? {});
    if ('error' in parsed) return toolErrorOf(parsed.error);
    try {
      const output = (await tool.handler(principal as Principal, parsed.data, context)) as Record<string, unknown>;
      return successResult(output);
    } catch (error) {
      const domainError = toDomainError(error);
      if (domainError) return toolErrorOf(domainError);
      // A bug: the details stay in the log, the caller gets no stack or internals.
      this.logger.error(`Tool ${name} failed: ${(error as Error)?.stack ?? String(error)}`);
      return errorResult(`${name} failed because of an unexpected server error. It has been logged; try again later.`);
    }
  }
}
