import {
  CallToolRequestSchema,
  ErrorCode,
  McpError,
  type CallToolRequest,
  type CallToolResult,
  type JSONRPCRequest,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { toolResponseJson } from './tool-result.js';

/**
 * A tools/call that asks for nothing but the call: no task augmentation and no `_meta`
 * (progress tokens, related tasks). Only these skip the SDK's request dispatch; anything
 * else still goes through the SDK Server, which stays the reference behaviour (ADR 0012).
 */
export function isPlainToolCall(message: JSONRPCRequest): boolean {
  if (message.method !== 'tools/call') return false;
  const params = message.params as Record<string, unknown> | undefined;
  return params?.task === undefined && params?._meta === undefined;
}

/**
 * Answers a plain tools/call as the SDK Server would (its request schema, its error codes),
 * and returns the JSON-RPC response text.
 */
export async function answerToolCall(
  message: JSONRPCRequest,
  callTool: (params: CallToolRequest['params']) => Promise<CallToolResult>,
): Promise<string> {
  const request = CallToolRequestSchema.safeParse(message);
  if (!request.success) {
    return errorResponseJson(message.id, ErrorCode.InvalidParams, `Invalid tools/call request: ${request.error.message}`);
  }
  try {
    return toolResponseJson(message.id, await callTool(request.data.params));
  } catch (error) {
    // Tool failures are results already; what throws is a protocol error (an unknown tool).
    if (error instanceof McpError) return errorResponseJson(message.id, error.code, error.message, error.data);
    throw error;
  }
}

function errorResponseJson(id: RequestId, code: number, message: string, data?: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code, message, ...(data !== undefined ? { data } : {}) } });
}
