import type { Client } from '@modelcontextprotocol/client';

/** Every notifications/resources/updated a client receives, and a way to wait for one. */
export interface UpdateLog {
  readonly uris: string[];
  next(uri: string, timeoutMs?: number): Promise<void>;
}

export function recordUpdates(client: Client): UpdateLog {
  const uris: string[] = [];
  // Notifications not yet claimed by next(): over stdio one can arrive before the reply to the write.
  const unclaimed: string[] = [];
  const waiters: { uri: string; resolve: () => void }[] = [];
  const claim = (uri: string): boolean => {
    const index = unclaimed.indexOf(uri);
    if (index < 0) return false;
    unclaimed.splice(index, 1);
    return true;
  };
  client.setNotificationHandler('notifications/resources/updated', (notification) => {
    const uri = notification.params.uri;
    uris.push(uri);
    unclaimed.push(uri);
    const waiter = waiters.find((w) => w.uri === uri);
    if (waiter && claim(uri)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  return {
    uris,
    next(uri, timeoutMs = 10_000) {
      if (claim(uri)) return Promise.resolve();
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
