import { AccessTokenIssuer } from '../server/src/auth/access-token.issuer.js';
import { loadJwtKeys } from '../server/src/auth/jwt-keys.js';
import { loadConfig } from '../server/src/config/load-config.js';
import { openDatabase } from '../server/src/database/open-database.js';
import type { Role } from '../server/src/generated/prisma/enums.js';
import { callTool, newClient, textOf, type McpRevision } from './support/mcp-client.js';
import { uniqueEmail } from './support/accounts.js';
import { stdioTransport, useStdioDatabase } from './support/stdio-database.js';

const stdioDatabase = useStdioDatabase('synapse-stdio');

async function spawnStdio(extraEnv: Record<string, string> = {}, revision: McpRevision = '2026-07-28') {
  const transport = stdioTransport({ ...stdioDatabase.env, ...extraEnv });
  const errors: Error[] = [];
  const client = newClient(revision);
  await client.connect(transport);
  // Anything on stdout that is not a JSON-RPC message shows up here.
  transport.onerror = (error) => errors.push(error);
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return { client, errors, stderr: () => stderr, close: () => client.close() };
}

describe.each<McpRevision>(['2026-07-28', '2025-06-18'])('stdio on %s', (revision) => {
  test('serves the tools; auth_sign_up then auth_sign_in signs the process in and shows the model no token; logs stay off stdout', async () => {
    const stdio = await spawnStdio({}, revision);
    try {
      expect(stdio.client.getNegotiatedProtocolVersion?.()).toBe(revision);
      const tools = (await stdio.client.listTools()).tools.map((tool) => tool.name);
      expect(tools).toEqual(expect.arrayContaining(['auth_sign_in', 'auth_sign_up', 'contact_list', 'pipeline_list']));
      expect(textOf(await callTool(stdio.client, 'contact_list'))).toMatch(/SYNAPSE_API_KEY/);

      const email = uniqueEmail('stdio');
      const signedUpAnswer = await callTool(stdio.client, 'auth_sign_up', { email, password: 'stdio password 123', name: 'Stdio', company: 'Stdio Co' });
      expect(signedUpAnswer.structuredContent).toMatchObject({ status: 'accepted' });
      const session = await callTool(stdio.client, 'auth_sign_in', { email, password: 'stdio password 123' });
      expect(session.structuredContent).toMatchObject({ sessionSignedIn: true });
      expect(JSON.stringify(session)).not.toMatch(/accessToken|refreshToken|eyJ/);
      const created = await callTool(stdio.client, 'contact_create', { firstName: `Piped ${revision}` });
      expect(created.isError).toBeFalsy();
      const list = await callTool(stdio.client, 'contact_list');
      expect((list.structuredContent as { items: { firstName: string }[] }).items.map((item) => item.firstName)).toEqual([`Piped ${revision}`]);
      expect(stdio.errors).toEqual([]);
      const { user, tenant, role } = session.structuredContent as { user: { id: string }; tenant: { id: string }; role: Role };
      signedUp[revision] = { userId: user.id, tenantId: tenant.id, role };
    } finally {
      await stdio.close();
    }
  }, 180_000);
});

test('changes made over stdio are audited as mcp over stdio, with the tool and the client that made them', async () => {
  const { database, dataDir } = stdioDatabase;
  const connection = await openDatabase({ DATABASE_URL: database.env.DATABASE_URL || undefined, DATABASE_POOL_MAX: 1, PGLITE_DATA_DIR: dataDir ?? 'memory://' });
  try {
    const rows = await connection.query<Record<string, string>>(
      `SELECT "channel", "transport", "toolName", "clientName", "actorUserId", "after" ->> 'firstName' AS "firstName"
         FROM "AuditChange" WHERE "recordKind" = 'contact' ORDER BY "seq"`,
    );
    expect(rows).toEqual((['2026-07-28', '2025-06-18'] as const).map((revision) => ({
      channel: 'mcp', transport: 'stdio', toolName: 'contact_create', clientName: 'synapse-e2e',
      actorUserId: signedUp[revision]!.userId, firstName: `Piped ${revision}`,
    })));
  } finally {
    await connection.close();
  }
}, 60_000);

// The accounts the first tests signed up, for the token test below.
const signedUp: Record<string, { userId: string; tenantId: string; role: Role }> = {};

/** An access token minted by the app's own issuer, as sign-in would. */
async function tokenFor(account: { userId: string; tenantId: string; role: Role }): Promise<string> {
  return (await new AccessTokenIssuer(await loadJwtKeys(loadConfig(stdioDatabase.env))).issue(account)).accessToken;
}

test('reads its identity from SYNAPSE_TOKEN', async () => {
  const accessToken = await tokenFor(signedUp['2026-07-28']!);
  const stdio = await spawnStdio({ SYNAPSE_TOKEN: accessToken });
  try {
    const list = await callTool(stdio.client, 'contact_list');
    expect(list.isError).toBeFalsy();
    expect((list.structuredContent as { items: unknown[] }).items).toHaveLength(1);
    expect(stdio.errors).toEqual([]);
  } finally {
    await stdio.close();
  }
}, 180_000);

test('auth_sign_up answers a taken email exactly as a new one (no account enumeration through the tool)', async () => {
  const stdio = await spawnStdio();
  try {
    const args = { password: 'some long password', name: 'Probe', company: 'Probe Co' };
    const existing = uniqueEmail('taken');
    expect((await callTool(stdio.client, 'auth_sign_up', { ...args, email: existing })).isError).toBeFalsy();
    const taken = await callTool(stdio.client, 'auth_sign_up', { ...args, email: existing });
    const fresh = await callTool(stdio.client, 'auth_sign_up', { ...args, email: uniqueEmail('fresh') });
    expect(taken.isError).toBeFalsy();
    expect(taken).toEqual(fresh);
  } finally {
    await stdio.close();
  }
}, 180_000);
