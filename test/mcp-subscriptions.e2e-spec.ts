import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import { signUp, type SignedUpAccount } from './support/accounts.js';
import { callOk, connectMcp } from './support/mcp-client.js';
import { patchContactOverRest, recordUpdates } from './support/resource-updates.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// A change made by anyone in the workspace, through REST or MCP, reaches the MCP subscribers of that record.
let stateless: TestApp;
let stateful: TestApp;

beforeAll(async () => {
  // One after the other: each boot reads process.env, so concurrent boots could swap their modes.
  stateless = await startTestApp({ MCP_MODE: 'stateless' });
  stateful = await startTestApp({ MCP_MODE: 'stateful' });
}, 180_000); // booting on a loaded CI machine can take over a minute
afterAll(async () => {
  await Promise.all([stateless?.close(), stateful?.close()]);
});

async function contactOf(app: TestApp, account: SignedUpAccount, firstName: string): Promise<string> {
  const response = await fetch(`${app.baseUrl}/api/contacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${account.accessToken}` },
    body: JSON.stringify({ firstName }),
  });
  return ((await response.json()) as { id: string }).id;
}

describe('2026-07-28 subscriptions/listen', () => {
  test('a REST change by a colleague notifies the listener; another tenant\'s URI is not honoured', async () => {
    const [alice, bob] = await Promise.all([signUp(stateless.baseUrl), signUp(stateless.baseUrl)]);
    const [mine, bobs] = await Promise.all([contactOf(stateless, alice, 'Watched'), contactOf(stateless, bob, 'Secret')]);
    const mcp = await connectMcp(stateless.baseUrl, { token: alice.accessToken });
    try {
      const updates = recordUpdates(mcp.client);
      const subscription = await mcp.client.listen({ resourceSubscriptions: [`crm://contacts/${mine}`, `crm://contacts/${bobs}`] });
      expect(subscription.honoredFilter).toEqual({ resourceSubscriptions: [`crm://contacts/${mine}`] });
      await patchContactOverRest(stateless.baseUrl, alice.accessToken, mine, { jobTitle: 'CTO' });
      await updates.next(`crm://contacts/${mine}`);
      // Bob's change to his own record never reaches Alice, even though she named its URI.
      await patchContactOverRest(stateless.baseUrl, bob.accessToken, bobs, { jobTitle: 'Spy' });
      await patchContactOverRest(stateless.baseUrl, alice.accessToken, mine, { jobTitle: 'CEO' });
      await updates.next(`crm://contacts/${mine}`);
      expect(updates.uris).toEqual([`crm://contacts/${mine}`, `crm://contacts/${mine}`]);
      await subscription.close();
    } finally {
      await mcp.close();
    }
  });

  test('an MCP tool call notifies a listener on another connection', async () => {
    const alice = await signUp(stateless.baseUrl);
    const [listener, writer] = await Promise.all([
      connectMcp(stateless.baseUrl, { token: alice.accessToken }),
      connectMcp(stateless.baseUrl, { token: alice.accessToken, revision: '2025-06-18' }),
    ]);
    try {
      const deal = await callOk<{ id: string }>(writer.client, 'deal_create', { title: 'Watched deal' });
      const updates = recordUpdates(listener.client);
      const subscription = await listener.client.listen({ resourceSubscriptions: [`crm://deals/${deal.id}`] });
      await callOk(writer.client, 'deal_update', { id: deal.id, stage: 'Proposal' });
      await updates.next(`crm://deals/${deal.id}`);
      await subscription.close();
    } finally {
      await Promise.all([listener.close(), writer.close()]);
    }
  });
});

describe('2025 resources/subscribe (stateful sessions)', () => {
  test('a REST change notifies a subscribed session; unsubscribe stops it', async () => {
    const alice = await signUp(stateful.baseUrl);
    const id = await contactOf(stateful, alice, 'Subscribed');
    const uri = `crm://contacts/${id}`;
    const mcp = await connectMcp(stateful.baseUrl, { token: alice.accessToken, revision: '2025-11-25' });
    try {
      const updates = recordUpdates(mcp.client);
      await mcp.client.subscribeResource({ uri });
      await patchContactOverRest(stateful.baseUrl, alice.accessToken, id, { phone: '+1 555 0100' });
      await updates.next(uri);
      await mcp.client.unsubscribeResource({ uri });
      await patchContactOverRest(stateful.baseUrl, alice.accessToken, id, { phone: '+1 555 0101' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(updates.uris).toEqual([uri]);
    } finally {
      await mcp.close();
    }
  });

  test('another tenant\'s URI cannot be subscribed to: not found', async () => {
    const [alice, bob] = await Promise.all([signUp(stateful.baseUrl), signUp(stateful.baseUrl)]);
    const bobs = await contactOf(stateful, bob, 'Private');
    const mcp = await connectMcp(stateful.baseUrl, { token: alice.accessToken, revision: '2025-06-18' });
    try {
      const error = await mcp.client.subscribeResource({ uri: `crm://contacts/${bobs}` }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).code).toBe(ProtocolErrorCode.InvalidParams);
    } finally {
      await mcp.close();
    }
  });

  test('a stateless 2025 request cannot subscribe, and says what to use instead', async () => {
    const alice = await signUp(stateless.baseUrl);
    const id = await contactOf(stateless, alice, 'Nowhere');
    const mcp = await connectMcp(stateless.baseUrl, { token: alice.accessToken, revision: '2025-11-25' });
    try {
      const error = await mcp.client.subscribeResource({ uri: `crm://contacts/${id}` }).catch((caught: unknown) => caught);
      expect((error as ProtocolError).message).toMatch(/subscriptions\/listen/);
    } finally {
      await mcp.close();
    }
  });
});
