import { Inject, Injectable } from '@nestjs/common';
import { SERVER_INFO_META_KEY, type CallToolResult } from '@modelcontextprotocol/server';
import { withOrigin, type Principal } from '../../common/auth/principal.js';
import { REQUEST_ID_HEADER } from '../../logging/request-id.js';
import { SERVER_INFO } from '../mcp-server.factory.js';
import { originOf } from '../tool-call-origin.js';
import { ToolCatalog } from '../tool-catalog.js';
import { ToolInvoker } from '../tool-invoker.js';
import { structuredJsonOf } from '../tool-result.js';
import type { ToolSelection } from '../toolsets/toolsets.js';
import type { PlainToolCall, RequestHeaders } from './plain-tool-call.js';

// What the SDK adds to every 2026-07-28 result: the result kind and the server's identity.
const MODERN_RESULT_EXTRAS = { resultType: 'complete', _meta: { [SERVER_INFO_META_KEY]: SERVER_INFO } } as const;

/**
 * Answers a plain `tools/call` (see `plainToolCallOf`) without a per-request SDK server,
 * web Request/Response and wire-schema round trip (ADR 0055): the same invoker, identity
 * and audit origin as the SDK path, and the JSON-RPC answer the SDK would write, byte for
 * byte (test/mcp-direct-tool-calls.e2e-spec.ts compares the two paths).
 */
@Injectable()
export class DirectToolCalls {
  constructor(
    @Inject(ToolCatalog) private readonly catalog: ToolCatalog,
    @Inject(ToolInvoker) private readonly invoker: ToolInvoker,
  ) {}

  /** The JSON-RPC answer as text, or undefined when the SDK must answer (an unknown tool is a protocol error). */
  async answer(call: PlainToolCall, principal: Principal, selection: ToolSelection, headers: RequestHeaders, requestId: string): Promise<string | undefined> {
    if ('missing' in this.catalog.lookup(call.name, 'http', selection)) return undefined;
    const header = (name: string) => (name === REQUEST_ID_HEADER ? requestId : single(headers[name]));
    const origin = originOf('http', call.name, call.announced, header);
    const result: CallToolResult = await this.invoker.call('http', call.name, call.arguments, withOrigin(principal, origin), selection, { clientKey: 'http' });
    const json = structuredJsonOf(result);
    if (json !== undefined) return spliced(json, call);
    // The key order the SDK's wire schema gives a result, so both paths write the same bytes.
    const { content, structuredContent, isError } = result;
    const answered = {
      content,
      ...(structuredContent !== undefined ? { structuredContent } : {}),
      ...(isError !== undefined ? { isError } : {}),
      ...(call.generation === 'modern' ? MODERN_RESULT_EXTRAS : {}),
    };
    return JSON.stringify({ result: answered, jsonrpc: '2.0', id: call.id });
  }
}

const MODERN_EXTRAS_JSON = JSON.stringify(MODERN_RESULT_EXTRAS).slice(1, -1);

/**
 * A success answer written around the output's JSON, which is both the text block and the
 * structuredContent: the output is serialized once instead of twice (the largest single
 * cost of a list call after the database). Same bytes as serializing the whole message.
 */
function spliced(json: string, call: PlainToolCall): string {
  const extras = call.generation === 'modern' ? `,${MODERN_EXTRAS_JSON}` : '';
  return `{"result":{"content":[{"type":"text","text":${JSON.stringify(json)}}],"structuredContent":${json}${extras}},"jsonrpc":"2.0","id":${JSON.stringify(call.id)}}`;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
