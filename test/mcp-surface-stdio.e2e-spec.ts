import { uniqueEmail } from './support/accounts.js';
import { callOk, newClient, type McpRevision } from './support/mcp-client.js';
import { recordUpdates } from './support/resource-updates.js';
import { stdioTransport, useStdioDatabase } from './support/stdio-database.js';

// Resources, prompts, completions and subscriptions over the stdio entry, on both generations.
const stdioDatabase = useStdioDatabase('synapse-surface-stdio');

// The legacy run goes first: it migrates the fresh database, which can outlast a modern client's discover probe.
describe.each<McpRevision>(['2025-11-25', '2026-07-28'])('stdio on %s', (revision) => {
  test('reads resources, gets a prompt, completes, and hears about a change it subscribed to', async () => {
    const transport = stdioTransport(stdioDatabase.env);
    const client = newClient(revision);
    await client.connect(transport);
    try {
      expect(client.getServerCapabilities()).toMatchObject({ resources: { subscribe: true }, prompts: {}, completions: {} });
      // Nobody signed in yet: no workspace, so no resources.
      expect((await client.listResources()).resources).toEqual([]);
      const credentials = { email: uniqueEmail('surface'), password: 'stdio password 123' };
      await callOk(client, 'auth_sign_up', { ...credentials, name: 'Stdio', company: 'Stdio Co' });
      await callOk(client, 'auth_sign_in', credentials);
      const contact = await callOk<{ id: string }>(client, 'contact_create', { firstName: 'Piped', lastName: revision });
      const uri = `crm://contacts/${contact.id}`;

      expect((await client.listResources()).resources.map((resource) => resource.uri)).toContain(uri);
      const read = await client.readResource({ uri });
      expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ id: contact.id });
      const brief = await client.getPrompt({ name: 'account_brief', arguments: { contact: `Piped ${revision}` } });
      expect(brief.messages[1]!.content).toMatchObject({ type: 'resource', resource: { uri } });
      const completion = await client.complete({ ref: { type: 'ref/prompt', name: 'account_brief' }, argument: { name: 'contact', value: 'pip' } });
      expect(completion.completion.values).toEqual([`Piped ${revision}`]);

      const updates = recordUpdates(client);
      const subscription = revision === '2026-07-28' ? await client.listen({ resourceSubscriptions: [uri] }) : undefined;
      if (!subscription) await client.subscribeResource({ uri });
      await callOk(client, 'contact_update', { id: contact.id, jobTitle: 'Piper' });
      await updates.next(uri);
      // A record nobody subscribed to stays quiet.
      await callOk(client, 'contact_create', { firstName: 'Unwatched' });
      await callOk(client, 'contact_update', { id: contact.id, jobTitle: 'Chief Piper' });
      await updates.next(uri);
      expect(updates.uris).toEqual([uri, uri]);
      await subscription?.close();
    } finally {
      await client.close();
    }
  }, 90_000);
});
