import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Principal } from '../common/auth/principal.js';
import { toDomainError } from '../common/errors/to-domain-error.js';
import { parseInput } from '../common/validation/parse-input.js';
import { ToolCatalog } from './tool-catalog.js';
import type { ToolCallContext } from './tool-definition.js';
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
    name: string,
    args: Record<string, unknown> | undefined,
    principal: Principal | undefined,
    context: ToolCallContext,
  ): Promise<CallToolResult> {
    const tool = this.catalog.find(name);
    // The spec answers an unknown tool with a protocol error, not a tool result.
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}. Call tools/list for the available tools.`);
    if (tool.auth === 'required' && !principal) {
      return errorResult(`${name} needs an authenticated caller. ${SIGN_IN_HINT}`);
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
