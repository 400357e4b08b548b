import type { Client } from '@modelcontextprotocol/client';

/** Every notifications/resources/updated a client receives, and a way to wait for one. */
export interface UpdateLog {
  readonly uris: string[];
  next(uri: string, timeoutMs?: number): Promise<void>;
}

export function recordUpdates(client: Client): UpdateLog {
  const uris: string[] = [];
  const waiters: { uri: string; resolve: () => void }[] = [];
  client.setNotificationHandler('notifications/resources/updated', (notification) => {
    const uri = notification.params.uri;
    uris.push(uri);
    for (const waiter of waiters.filter((w) => w.uri === uri)) waiter.resolve();
  });
  return {
    uris,
    next(uri, timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`No notifications/resources/updated for ${uri} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ uri, resolve: () => { clearTimeout(timer); resolve(); } });
      });
    },
  };
}

/** Changes a contact through REST, as another user or app would. */
export async function patchContactOverRest(baseUrl: string, token: string, id: string, changes: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${baseUrl}/api/contacts/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(changes),
  });
  if (!response.ok) throw new Error(`PATCH contact ${id} answered ${response.status}: ${await response.text()}`);
}
