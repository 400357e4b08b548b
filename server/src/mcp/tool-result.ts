import type { CallToolResult } from '@modelcontextprotocol/server';

// A success result's text block is exactly its structuredContent as JSON; remembered per
// result so the direct path can write that JSON twice without serializing the output twice.
const outputJson = new WeakMap<CallToolResult, string>();

/**
 * A tool's output as structuredContent and, for clients that read only `content`
 * (Gemini CLI), as the same JSON in one text block.
 */
export function successResult(output: Record<string, unknown>): CallToolResult {
  const json = JSON.stringify(output);
  const result: CallToolResult = { content: [{ type: 'text', text: json }], structuredContent: output };
  outputJson.set(result, json);
  return result;
}

/** The JSON of a success result's structuredContent (= its text), if `successResult` built it. */
export function structuredJsonOf(result: CallToolResult): string | undefined {
  return outputJson.get(result);
}
