import type { CallToolResult, RequestId } from '@modelcontextprotocol/sdk/types.js';

// The JSON text of each success result's output, kept so the HTTP answer can reuse it
// instead of serializing the same output a second time.
const outputJsonOf = new WeakMap<CallToolResult, string>();

/**
 * A tool's output as structuredContent and, for clients that read only `content`
 * (Gemini CLI), as the same JSON in one text block.
 */
export function successResult(output: Record<string, unknown>): CallToolResult {
  const json = JSON.stringify(output);
  const result: CallToolResult = { content: [{ type: 'text', text: json }], structuredContent: output };
  outputJsonOf.set(result, json);
  return result;
}

/**
 * The JSON-RPC response carrying `result`. A success result holds its output twice (text
 * and structuredContent), so its output JSON is spliced in rather than serialized again.
 */
export function toolResponseJson(id: RequestId, result: CallToolResult): string {
  const json = outputJsonOf.get(result);
  if (json === undefined) return JSON.stringify({ jsonrpc: '2.0', id, result });
  const text = JSON.stringify(json);
  return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"content":[{"type":"text","text":${text}}],"structuredContent":${json}}}`;
}
