import type { CallToolResult } from '@modelcontextprotocol/server';

/**
 * A tool's output as structuredContent and, for clients that read only `content`
 * (Gemini CLI), as the same JSON in one text block.
 */
export function successResult(output: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(output) }], structuredContent: output };
}
