import { jest } from '@jest/globals';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { createMember, signUp, type SignedUpAccount } from './support/accounts.js';
import { apiAs, type Api } from './support/factories-contacts-tickets.js';
import { callTool, connectMcp, textOf } from './support/mcp-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let testApp: TestApp;
let owner: SignedUpAccount;
let asOwner: Api;
let prisma: PrismaClient;

beforeAll(async () => {
  testApp = await startTestApp();
  owner = await signUp(testApp.baseUrl, { company: 'Keys Inc' });
  asOwner = apiAs(testApp.baseUrl, owner.accessToken);
  prisma = testApp.app.get(PrismaClient);
}, 60_000);
afterAll(() => testApp?.close());
afterEach(() => jest.useRealTimers());

interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  scopes: string[];
  lastUsedAt: string | null;
}

async function createKey(api: Api, body: Record<string, unknown> = {}): Promise<CreatedKey> {
  const response = await api<CreatedKey>('POST', '/api-keys', { name: 'script', scopes: ['crm:read', 'crm:write'], ...body });
  if (response.status !== 201) throw new Error(`create key: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

test('a key is shown once, at creation; lists show its prefix but never the secret, and only its hash is stored', async () => {
  const created = await createKey(asOwner, { name: 'nightly import' });
  expect(created.key).toMatch(/^synapse_sk_[0-9A-Za-z]{46}$/);
  expect(created.key.startsWith(created.prefix)).toBe(true);
  const listed = await asOwner<{ items: Record<string, unknown>[] }>('GET', '/api-keys');
  expect(listed.status).toBe(200);
  const row = listed.body.items.find((item) => item.id === created.id)!;
  expect(row).toMatchObject({ name: 'nightly import', prefix: created.prefix, scopes: ['crm:read', 'crm:write'], userId: owner.userId });
  expect(JSON.stringify(listed.body)).not.toContain(created.key.slice(created.prefix.length));
  expect(row.key).toBeUndefined();
  const stored = await prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
  expect(JSON.stringify(stored)).not.toContain(created.key);
  expect(stored.secretHash).toMatch(/^[0-9a-f]{64}$/);
});

test('a key works as a Bearer credential on REST, and its last use is recorded', async () => {
  const created = await createKey(asOwner);
  expect(created.lastUsedAt).toBeNull();
  const asKey = apiAs(testApp.baseUrl, created.key);
  const contact = await asKey('POST', '/contacts', { firstName: 'Keyed' });
  expect(contact.status).toBe(201);
  expect((await asKey('GET', `/contacts/${contact.body.id}`)).status).toBe(200);
  const me = await asKey('GET', '/auth/me');
  expect(me.body).toMatchObject({ user: { id: owner.userId }, tenant: { id: owner.tenantId }, role: 'OWNER' });
  // Written in the background, at most once a minute.
  let lastUsedAt: Date | null = null;
  for (let attempt = 0; attempt < 50 && !lastUsedAt; attempt += 1) {
    lastUsedAt = (await prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt;
    if (!lastUsedAt) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(lastUsedAt).toBeInstanceOf(Date);
  const listed = await asOwner<{ items: CreatedKey[] }>('GET', '/api-keys');
  expect(listed.body.items.find((item) => item.id === created.id)!.lastUsedAt).toEqual(expect.any(String));
});

test('a key works on /api/mcp through the SDK client', async () => {
  const created = await createKey(asOwner);
  const mcp = await connectMcp(testApp.baseUrl, { token: created.key });
  try {
    const made = await callTool(mcp.client, 'contact_create', { firstName: 'Over MCP' });
    expect(made.isError).toBeFalsy();
    const listed = await callTool(mcp.client, 'contact_list', { q: 'Over MCP' });
    expect((listed.structuredContent as { items: unknown[] }).items).toHaveLength(1);
  } finally {
    await mcp.close();
  }
});

test('a read-only key reads but cannot write, on REST and on MCP', async () => {
  const created = await createKey(asOwner, { scopes: ['crm:read'] });
  const asKey = apiAs(testApp.baseUrl, created.key);
  expect((await asKey('GET', '/contacts')).status).toBe(200);
  const refused = await asKey('POST', '/contacts', { firstName: 'Nope' });
  expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);
  expect(refused.body.detail).toMatch(/crm:write/);
  const mcp = await connectMcp(testApp.baseUrl, { token: created.key });
  try {
    const result = await callTool(mcp.client, 'contact_create', { firstName: 'Nope' }).catch((error: Error) => error);
    // Refused either as a tool error or, where the transport filters by scope, as a protocol error.
    if (result instanceof Error) expect(result.message).toMatch(/scope|tool/i);
    else expect([result.isError, textOf(result)]).toEqual([true, expect.stringMatching(/crm:write/)]);
  } finally {
    await mcp.close();
  }
  expect(await prisma.contact.count({ where: { tenantId: owner.tenantId, firstName: 'Nope' } })).toBe(0);
});

test('a revoked key gets 401 on its next request, on REST and on an open MCP session', async () => {
  const created = await createKey(asOwner);
  const asKey = apiAs(testApp.baseUrl, created.key);
  expect((await asKey('GET', '/contacts')).status).toBe(200);
  const mcp = await connectMcp(testApp.baseUrl, { token: created.key });
  try {
    expect((await callTool(mcp.client, 'contact_list')).isError).toBeFalsy();
    expect((await asOwner('DELETE', `/api-keys/${created.id}`)).status).toBe(204);
    const refused = await asKey('GET', '/contacts');
    expect([refused.status, refused.body.code]).toEqual([401, 'unauthenticated']);
    await expect(callTool(mcp.client, 'contact_list')).rejects.toThrow(/401|Unauthorized/i);
  } finally {
    await mcp.close().catch(() => undefined);
  }
  expect((await asOwner('DELETE', `/api-keys/${created.id}`)).status).toBe(404);
});

test('an expired key gets 401; an expiry in the past is refused at creation', async () => {
  const created = await createKey(asOwner, { expiresAt: new Date(Date.now() + 60_000).toISOString() });
  const asKey = apiAs(testApp.baseUrl, created.key);
  expect((await asKey('GET', '/contacts')).status).toBe(200);
  await prisma.apiKey.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  expect((await asKey('GET', '/contacts')).status).toBe(401);
  const past = await asOwner('POST', '/api-keys', { name: 'old', scopes: ['crm:read'], expiresAt: '2020-01-01T00:00:00Z' });
  expect([past.status, past.body.errors]).toEqual([400, [{ path: 'expiresAt', message: 'must be in the future' }]]);
});

test('look-alike and tampered keys get 401 without a database lookup being needed', async () => {
  const created = await createKey(asOwner);
  const flipped = created.key.slice(0, -1) + (created.key.endsWith('A') ? 'B' : 'A');
  for (const token of [flipped, 'synapse_sk_short', `${created.key}x`]) {
    const response = await apiAs(testApp.baseUrl, token)('GET', '/contacts');
    expect([token, response.status, response.body.code]).toEqual([token, 401, 'unauthenticated']);
  }
});

test('a key cannot create or revoke keys, manage members or change the password: only a signed-in person can', async () => {
  const created = await createKey(asOwner);
  const asKey = apiAs(testApp.baseUrl, created.key);
  for (const [method, path, body] of [
    ['POST', '/api-keys', { name: 'more', scopes: ['crm:read'] }],
    ['DELETE', `/api-keys/${created.id}`, undefined],
    ['POST', '/invitations', { email: 'someone@example.test' }],
    ['POST', '/auth/password', { currentPassword: owner.password, newPassword: 'a brand new password' }],
  ] as const) {
    const response = await asKey(method, path, body);
    expect([path, response.status, response.body.code]).toEqual([path, 403, 'forbidden']);
    expect(response.body.detail).toMatch(/signed-in person/);
  }
});

test('members manage their own keys; admins list and revoke anyone\'s; a member cannot revoke another\'s', async () => {
  const member = await createMember(testApp.app, owner.tenantId, 'MEMBER');
  const asMember = apiAs(testApp.baseUrl, member.accessToken);
  const memberKey = await createKey(asMember, { name: 'member key' });
  const ownerKey = await createKey(asOwner, { name: 'owner key' });
  const mine = await asMember<{ items: CreatedKey[] }>('GET', '/api-keys');
  expect(mine.body.items.map((item) => item.id)).toEqual([memberKey.id]);
  expect((await asMember('GET', '/workspace/api-keys')).status).toBe(403);
  const all = await asOwner<{ items: CreatedKey[] }>('GET', '/workspace/api-keys');
  expect(all.body.items.map((item) => item.id)).toEqual(expect.arrayContaining([memberKey.id, ownerKey.id]));
  const refused = await asMember('DELETE', `/api-keys/${ownerKey.id}`);
  expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);
  expect((await asOwner('DELETE', `/api-keys/${memberKey.id}`)).status).toBe(204);
  expect((await apiAs(testApp.baseUrl, memberKey.key)('GET', '/contacts')).status).toBe(401);
});

test('a viewer\'s key only reads: a viewer cannot grant crm:write, and a key loses it when its member becomes a viewer', async () => {
  const viewer = await createMember(testApp.app, owner.tenantId, 'VIEWER');
  const asViewer = apiAs(testApp.baseUrl, viewer.accessToken);
  const refused = await asViewer('POST', '/api-keys', { name: 'w', scopes: ['crm:write'] });
  expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);
  expect((await asViewer('POST', '/api-keys', { name: 'r', scopes: ['crm:read'] })).status).toBe(201);

  const member = await createMember(testApp.app, owner.tenantId, 'MEMBER');
  const key = await createKey(apiAs(testApp.baseUrl, member.accessToken));
  const asKey = apiAs(testApp.baseUrl, key.key);
  expect((await asKey('POST', '/contacts', { firstName: 'Before' })).status).toBe(201);
  expect((await asOwner('PATCH', `/members/${member.userId}`, { role: 'VIEWER' })).status).toBe(200);
  const demoted = await asKey('POST', '/contacts', { firstName: 'After' });
  expect([demoted.status, demoted.body.code]).toEqual([403, 'forbidden']);
  expect((await asKey('GET', '/contacts')).status).toBe(200);
});
