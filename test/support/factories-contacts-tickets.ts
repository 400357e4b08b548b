import type { ContactOutput } from '../../server/src/contacts/contacts.schemas.js';
import type { TicketOutput } from '../../server/src/tickets/tickets.schemas.js';

export interface ApiResponse<Body = any> {
  status: number;
  contentType: string | null;
  /** The ETag header, if any. */
  etag: string | null;
  body: Body;
}

/** A tiny authenticated JSON client for one caller; `headers` adds request headers (e.g. If-Match). */
export function apiAs(baseUrl: string, accessToken: string) {
  return async function call<Body = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<Body>> {
    const response = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      etag: response.headers.get('etag'),
      body: text ? JSON.parse(text) : undefined,
    };
  };
}

export type Api = ReturnType<typeof apiAs>;

let sequence = 0;

export async function createContact(api: Api, overrides: Record<string, unknown> = {}): Promise<ContactOutput> {
  sequence += 1;
  const response = await api<ContactOutput>('POST', '/contacts', {
    firstName: `First${sequence}`,
    lastName: `Last${sequence}`,
    email: `contact-${sequence}-${Math.random().toString(36).slice(2, 8)}@example.test`,
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`create contact: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function createTicket(api: Api, overrides: Record<string, unknown> = {}): Promise<TicketOutput> {
  sequence += 1;
  const response = await api<TicketOutput>('POST', '/tickets', { subject: `Ticket ${sequence}`, ...overrides });
  if (response.status !== 201) throw new Error(`create ticket: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Follows nextCursor to the end; `between` runs after each page (e.g. concurrent inserts). */
export async function collectPages<Item extends { id: string }>(
  api: Api,
  path: string,
  between: (page: number) => Promise<unknown> = async () => undefined,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url: string = cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path;
    const response: ApiResponse<{ items: Item[]; nextCursor: string | null }> = await api('GET', url);
    if (response.status !== 200) throw new Error(`list ${url}: ${response.status} ${JSON.stringify(response.body)}`);
    ids.push(...response.body.items.map((item) => item.id));
    cursor = response.body.nextCursor;
    pages += 1;
    await between(pages);
  } while (cursor && pages < 1_000);
  return { ids, pages };
}
