import { AuditRetentionJob } from '../server/src/database/audit-retention.job.js';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { callOk, callTool, connectMcp } from './support/mcp-client.js';
import { createContact } from './support/factories-contacts-tickets.js';
import { startTwoTenants, type TwoTenants } from './support/two-tenants.js';

// The audit trail is written by the database, in the transaction of the change (ADR 0038).
let setup: TwoTenants;
let prisma: PrismaClient;

beforeAll(async () => {
  setup = await startTwoTenants({ AUDIT_RETENTION_DAYS: '30' });
  prisma = setup.prisma;
}, 90_000);
afterAll(() => setup?.testApp.close());

const changesOf = (recordId: string) => prisma.auditChange.findMany({ where: { recordId }, orderBy: { seq: 'asc' } });

test('a REST create and update are recorded with the actor, the channel, the request id and the changed fields', async () => {
  const created = await createContact(setup.asA, { firstName: 'Ada', email: 'ada@audit.example' });
  const response = await fetch(`${setup.testApp.baseUrl}/api/contacts/${created.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${setup.tenantA.accessToken}`, 'content-type': 'application/json', 'x-request-id': 'audit-req-1' },
    body: JSON.stringify({ phone: '+44 1', jobTitle: 'CTO' }),
  });
  expect(response.status).toBe(200);

  const [create, update] = await changesOf(created.id);
  expect(create).toMatchObject({
    tenantId: setup.tenantA.tenantId,
    actorUserId: setup.tenantA.userId,
    credentialKind: 'access_token',
    channel: 'rest',
    transport: 'http',
    recordKind: 'contact',
    action: 'create',
    before: null,
  });
  expect(create!.after).toMatchObject({ firstName: 'Ada', email: 'ada@audit.example' });
  expect(update).toMatchObject({ action: 'update', requestId: 'audit-req-1', channel: 'rest' });
  // searchText is derived from the phone, so it changed too (and an undo writes it back with the rest).
  expect(update!.before).toEqual({ phone: null, jobTitle: null, searchText: expect.any(String) });
  expect(update!.after).toEqual({ phone: '+44 1', jobTitle: 'CTO', searchText: expect.stringContaining('+44 1') });
  expect(update!.changeSetId).not.toBe(create!.changeSetId);
});

test('an MCP tool call is recorded with the tool and the client name and version from the request _meta', async () => {
  for (const revision of ['2026-07-28'] as const) {
    const mcp = await connectMcp(setup.testApp.baseUrl, { token: setup.tenantA.accessToken, revision });
    try {
      const contact = await callOk(mcp.client, 'contact_create', { firstName: `Grace ${revision}` });
      const [change] = await changesOf(contact.id);
      expect(change).toMatchObject({
        channel: 'mcp',
        transport: 'http',
        toolName: 'contact_create',
        clientName: 'synapse-e2e',
        clientVersion: '1.0.0',
        actorUserId: setup.tenantA.userId,
        action: 'create',
      });
      expect(change!.requestId).toEqual(expect.any(String));
    } finally {
      await mcp.close();
    }
  }
});

test('a 2025 client without a session sent its handshake in another request: its User-Agent names it', async () => {
  const mcp = await connectMcp(setup.testApp.baseUrl, { token: setup.tenantA.accessToken, revision: '2025-06-18' });
  try {
    const contact = await callOk(mcp.client, 'contact_create', { firstName: 'Legacy' });
    const [change] = await changesOf(contact.id);
    expect(change).toMatchObject({ channel: 'mcp', toolName: 'contact_create', clientName: 'node', clientVersion: null });
  } finally {
    await mcp.close();
  }
});

test('a change through an API key names the key', async () => {
  const key = await setup.asA<{ id: string; key: string }>('POST', '/api-keys', { name: 'importer', scopes: ['crm:read', 'crm:write'] });
  expect(key.status).toBe(201);
  const created = await fetch(`${setup.testApp.baseUrl}/api/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key.body.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ firstName: 'Keyed' }),
  }).then((response) => response.json() as Promise<{ id: string }>);
  const [change] = await changesOf(created.id);
  expect(change).toMatchObject({ credentialKind: 'api_key', apiKeyId: key.body.id, actorUserId: setup.tenantA.userId });
});

test('a refused write leaves no audit record, and a change that only touches bookkeeping leaves none either', async () => {
  const taken = await createContact(setup.asA, { email: 'taken@audit.example' });
  const other = await createContact(setup.asA);
  const before = await prisma.auditChange.count({ where: { tenantId: setup.tenantA.tenantId } });
  const refused = await setup.asA('PATCH', `/contacts/${other.id}`, { email: taken.email, phone: '+1 555' });
  expect(refused.status).toBe(409);
  const unchanged = await setup.asA('PATCH', `/contacts/${other.id}`, { firstName: other.firstName });
  expect(unchanged.status).toBe(200);
  expect(await prisma.auditChange.count({ where: { tenantId: setup.tenantA.tenantId } })).toBe(before);
});

test('a lead conversion is one change set across the records it touches', async () => {
  const lead = await setup.asA('POST', '/leads', { name: 'Lin Convert', email: 'lin@audit.example', company: 'Convert Co' });
  expect(lead.status).toBe(201);
  const converted = await setup.asA('POST', `/leads/${lead.body.id}/convert`, {});
  expect(converted.status).toBe(201);
  const [leadCreate, leadConvert] = await changesOf(lead.body.id);
  expect(leadCreate!.action).toBe('create');
  expect(leadConvert!.after).toMatchObject({ status: 'CONVERTED' });
  const set = await prisma.auditChange.findMany({ where: { changeSetId: leadConvert!.changeSetId } });
  expect(set.map((change) => change.recordKind).sort()).toEqual(expect.arrayContaining(['contact', 'lead']));
});

test('the trail is append-only: updates, deletes and truncation are refused by the database', async () => {
  const contact = await createContact(setup.asA);
  const [change] = await changesOf(contact.id);
  await expect(prisma.$executeRawUnsafe(`UPDATE "AuditChange" SET "channel" = 'forged' WHERE "id" = '${change!.id}'`)).rejects.toThrow(/append-only/);
  await expect(prisma.$executeRawUnsafe(`DELETE FROM "AuditChange" WHERE "id" = '${change!.id}'`)).rejects.toThrow(/append-only/);
  await expect(prisma.$executeRawUnsafe('TRUNCATE "AuditChange"')).rejects.toThrow(/append-only/);
  expect(await prisma.auditChange.findUnique({ where: { id: change!.id } })).toMatchObject({ channel: 'rest' });
});

test('purging a record erases its values from the trail but keeps which fields changed', async () => {
  const contact = await createContact(setup.asA, { firstName: 'Erase', email: 'erase@audit.example' });
  await setup.asA('PATCH', `/contacts/${contact.id}`, { phone: '+49 30 1' });
  await prisma.$executeRawUnsafe(`DELETE FROM "Contact" WHERE "id" = '${contact.id}'`);
  const changes = await changesOf(contact.id);
  expect(changes.map((change) => change.action)).toEqual(['create', 'update', 'purge']);
  expect(JSON.stringify(changes.map((change) => [change.before, change.after]))).not.toMatch(/erase@audit|\+49 30 1|"Erase"/);
  expect(changes[1]!.after).toEqual({ phone: null, searchText: null });
  expect(changes[2]!.channel).toBe('system');
});

test('a failing MCP tool call writes nothing to the trail', async () => {
  const mcp = await connectMcp(setup.testApp.baseUrl, { token: setup.tenantB.accessToken });
  try {
    const before = await prisma.auditChange.count({ where: { tenantId: setup.tenantB.tenantId } });
    const result = await callTool(mcp.client, 'contact_update', { id: '00000000-0000-7000-8000-000000000000', phone: '+1' });
    expect(result.isError).toBe(true);
    expect(await prisma.auditChange.count({ where: { tenantId: setup.tenantB.tenantId } })).toBe(before);
  } finally {
    await mcp.close();
  }
});

test('retention deletes only records older than AUDIT_RETENTION_DAYS', async () => {
  const contact = await createContact(setup.asB);
  const [recent] = await changesOf(contact.id);
  const oldId = '00000000-0000-4000-8000-00000000a0d1';
  await prisma.$executeRawUnsafe(
    `INSERT INTO "AuditChange" ("id", "tenantId", "changeSetId", "occurredAt", "channel", "recordKind", "recordId", "action")
     VALUES ('${oldId}', '${setup.tenantB.tenantId}', gen_random_uuid(), now() - interval '31 days', 'rest', 'contact', '${contact.id}', 'update')`,
  );
  const deleted = await setup.testApp.app.get(AuditRetentionJob).runOnce();
  expect(deleted).toBe(1);
  expect(await prisma.auditChange.findUnique({ where: { id: oldId } })).toBeNull();
  expect(await prisma.auditChange.findUnique({ where: { id: recent!.id } })).not.toBeNull();
});
