import { randomUUID } from 'node:crypto';
import { signUp } from './support/accounts.js';
import { callOk, connectMcp } from './support/mcp-client.js';
import { patchContactOverRest, recordUpdates } from './support/resource-updates.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Two instances on one database and one Redis: a change on either reaches subscribers on both.
// Needs TEST_REDIS_URL and PostgreSQL (two processes cannot share one embedded database).
const redisUrl = process.env.TEST_REDIS_URL;
const onRedisAndPostgres = redisUrl && process.env.TEST_DATABASE_URL ? describe : describe.skip;

onRedisAndPostgres('record changes across instances through Redis', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    // A prefix of its own, so no other run or file shares this test's channel.
    const env = { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: `test-${randomUUID()}`, MCP_MODE: 'stateful' };
    first = await startTestApp(env);
    second = await startTestApp({ ...env, DATABASE_URL: process.env.DATABASE_URL! }, { shareDatabase: true });
  }, 180_000); // booting on a loaded CI machine can take over a minute
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  test('a REST change on one instance notifies a listener and a legacy subscriber on the other, and no other tenant', async () => {
    const [alice, bob] = await Promise.all([signUp(first.baseUrl), signUp(first.baseUrl)]);
    const modern = await connectMcp(first.baseUrl, { token: alice.accessToken });
    const legacy = await connectMcp(first.baseUrl, { token: alice.accessToken, revision: '2025-11-25' });
    const bobs = await connectMcp(first.baseUrl, { token: bob.accessToken });
    try {
      const contact = await callOk<{ id: string }>(modern.client, 'contact_create', { firstName: 'Across' });
      const bobContact = await callOk<{ id: string }>(bobs.client, 'contact_create', { firstName: 'Elsewhere' });
      const uri = `crm://contacts/${contact.id}`;
      const [modernUpdates, legacyUpdates, bobUpdates] = [recordUpdates(modern.client), recordUpdates(legacy.client), recordUpdates(bobs.client)];
      const subscription = await modern.client.listen({ resourceSubscriptions: [uri] });
      await legacy.client.subscribeResource({ uri });
      const bobSubscription = await bobs.client.listen({ resourceSubscriptions: [`crm://contacts/${bobContact.id}`] });

      await patchContactOverRest(second.baseUrl, alice.accessToken, contact.id, { company: 'Second instance' });
      await Promise.all([modernUpdates.next(uri), legacyUpdates.next(uri)]);
      expect(bobUpdates.uris).toEqual([]);

      await subscription.close();
      await bobSubscription.close();
    } finally {
      await Promise.all([modern.close(), legacy.close(), bobs.close()]);
    }
  });
});
