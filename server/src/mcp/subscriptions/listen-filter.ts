import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth/principal.js';
import { ResourceCatalog } from '../resources/resource-catalog.js';

// Each URI costs a read to check; a stream watching more records than this should list them instead.
const MAX_WATCHED_URIS = 100;

interface ListenRequest {
  method: 'subscriptions/listen';
  params: { notifications: { resourceSubscriptions?: unknown } & Record<string, unknown> } & Record<string, unknown>;
}

/**
 * 2026-07-28 `subscriptions/listen` over HTTP. The SDK keeps the streams and filters them by
 * URI; it knows nothing of tenants. So a listen request keeps only the URIs its caller can
 * read (the acknowledgment then shows which were honoured), and since a record's id
 * belongs to one tenant for good, a stream only ever hears of its own tenant's records.
 */
@Injectable()
export class ListenFilter {
  constructor(@Inject(ResourceCatalog) private readonly resources: ResourceCatalog) {}

  /** The body to serve: a listen request narrowed to the caller's readable URIs, anything else as it came. */
  async narrow(body: unknown, principal: Principal | undefined): Promise<unknown> {
    if (!isListenRequest(body)) return body;
    const requested = body.params.notifications.resourceSubscriptions;
    if (!Array.isArray(requested) || requested.length === 0) return body;
    const readable: string[] = [];
    for (const uri of [...new Set(requested)].slice(0, MAX_WATCHED_URIS)) {
      if (typeof uri !== 'string' || !principal) continue;
      const ok = await this.resources.assertReadable(principal, uri).then(() => true, () => false);
      if (ok) readable.push(uri);
    }
    return { ...body, params: { ...body.params, notifications: { ...body.params.notifications, resourceSubscriptions: readable } } };
  }
}

function isListenRequest(body: unknown): body is ListenRequest {
  const message = body as { method?: unknown; params?: { notifications?: unknown } } | undefined;
  return message?.method === 'subscriptions/listen' && typeof message.params?.notifications === 'object' && message.params.notifications !== null;
}
