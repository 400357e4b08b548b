import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, JSONRPCRequest, MessageExtraInfo, RequestId } from '@modelcontextprotocol/sdk/types.js';

/**
 * The hot path: one POSTed JSON-RPC request answered with one JSON response, handed to
 * the SDK Server in-process, without the SDK HTTP transport's conversion to web streams
 * and back (plain tools/call requests skip even the Server: ADR 0012). Each request gets
 * an internal id, so concurrent requests never collide even when many clients share one
 * Server (stateless mode). Everything else (initialize of a session, notifications, the
 * GET stream, DELETE) goes through `fallback`, the SDK transport, when there is one.
 */
export class DirectTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private readonly waiting = new Map<RequestId, { originalId: RequestId; resolve: (message: JSONRPCMessage) => void }>();
  private nextId = 0;

  constructor(private readonly fallback?: Transport) {
    if (!fallback) return;
    fallback.onmessage = (message, extra) => this.onmessage?.(message, extra);
    fallback.onclose = () => this.onclose?.();
    fallback.onerror = (error) => this.onerror?.(error);
  }

  get sessionId(): string | undefined {
    return this.fallback?.sessionId;
  }

  async start(): Promise<void> {
    await this.fallback?.start();
  }

  /** Runs one request through the Server and resolves with its response (result or error). */
  dispatch(request: JSONRPCRequest, extra: MessageExtraInfo): Promise<JSONRPCMessage> {
    const internalId = `direct-${++this.nextId}`;
    return new Promise((resolve) => {
      this.waiting.set(internalId, { originalId: request.id, resolve });
      this.onmessage?.({ ...request, id: internalId }, extra);
    });
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    // Only responses to our internal ids resolve a waiter. Those ids are strings the Server's
    // own requests (numeric ids) never use, so the id finds them without validating the whole
    // response against the SDK schemas, which the Server built and checked already.
    const id = 'method' in message ? undefined : (message as { id?: RequestId }).id;
    const waiter = typeof id === 'string' ? this.waiting.get(id) : undefined;
    if (waiter) {
      this.waiting.delete(id!);
      waiter.resolve({ ...message, id: waiter.originalId } as JSONRPCMessage);
      return;
    }
    // Side messages of a direct request (progress, logs) have no stream to go to.
    if (typeof options?.relatedRequestId === 'string' && options.relatedRequestId.startsWith('direct-')) return;
    await this.fallback?.send(message, options);
  }

  async close(): Promise<void> {
    this.waiting.clear();
    if (this.fallback) await this.fallback.close();
    else this.onclose?.();
  }
}
