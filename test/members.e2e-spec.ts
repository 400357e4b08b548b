import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { createMember, signIn, signUp, uniqueEmail, type SignedUpAccount } from './support/accounts.js';
import { apiAs, createContact, createTicket, type Api } from './support/factories-contacts-tickets.js';
import { callTool, connectMcp } from './support/mcp-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let testApp: TestApp;
let owner: SignedUpAccount;
let asOwner: Api;
let prisma: PrismaClient;

beforeAll(async () => {
  testApp = await startTestApp();
  owner = await signUp(testApp.baseUrl, { company: 'Team Co' });
  asOwner = apiAs(testApp.baseUrl, owner.accessToken);
  prisma = testApp.app.get(PrismaClient);
}, 60_000);
afterAll(() => testApp?.close());

const post = (path: string, body: unknown) =>
  fetch(`${testApp.baseUrl}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function invite(api: Api, email: string, role = 'MEMBER'): Promise<{ id: string; token: string; link: string }> {
  const response = await api('POST', '/invitations', { email, role });
  if (response.status !== 201) throw new Error(`invite: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

describe('invitations', () => {
  test('a new user accepts through sign-up, then signs in to the inviting workspace with the invited role', async () => {
    const email = uniqueEmail('invited');
    const invitation = await invite(asOwner, email, 'VIEWER');
    expect(invitation.token).toMatch(/^synapse_inv_/);
    expect(invitation.link).toBe(`${testApp.baseUrl}/api/invitations/preview?token=${invitation.token}`);
    const stored = await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(JSON.stringify(stored)).not.toContain(invitation.token);

    const preview = await fetch(invitation.link);
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ workspace: { name: 'Team Co' }, email, role: 'VIEWER' });

    const tenantsBefore = await prisma.tenant.count();
    const signedUp = await post('/auth/sign-up', { email, password: 'invited password 1', name: 'Ivy', invitation: invitation.token });
    expect(signedUp.status).toBe(202);
    expect(await prisma.tenant.count()).toBe(tenantsBefore);
    // The documented follow-up works with or without the invitation.
    const session = await signIn(testApp.baseUrl, email, 'invited password 1', { invitation: invitation.token });
    expect(session.tenantId).toBe(owner.tenantId);
    expect((await signIn(testApp.baseUrl, email, 'invited password 1')).tenantId).toBe(owner.tenantId);
    const me = await apiAs(testApp.baseUrl, session.accessToken)('GET', '/auth/me');
    expect(me.body.role).toBe('VIEWER');
    expect((await fetch(invitation.link)).status).toBe(404);
  });

  test('an existing user accepts through sign-in and can then switch between workspaces', async () => {
    const other = await signUp(testApp.baseUrl, { company: 'Elsewhere Ltd' });
    const invitation = await invite(asOwner, other.email, 'ADMIN');
    const joined = await signIn(testApp.baseUrl, other.email, other.password, { invitation: invitation.token });
    expect(joined.tenantId).toBe(owner.tenantId);
    const asJoined = apiAs(testApp.baseUrl, joined.accessToken);
    expect((await asJoined('GET', '/auth/me')).body.role).toBe('ADMIN');

    const workspaces = await asJoined('GET', '/auth/workspaces');
    expect(workspaces.body.items).toEqual([
      { tenant: { id: other.tenantId, name: 'Elsewhere Ltd' }, role: 'OWNER', current: false },
      { tenant: { id: owner.tenantId, name: 'Team Co' }, role: 'ADMIN', current: true },
    ]);
    const switched = await asJoined('POST', '/auth/switch-workspace', { tenantId: other.tenantId });
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ tenant: { id: other.tenantId }, role: 'OWNER', refreshToken: expect.any(String) });
    // A token is for one workspace: the new one sees the other workspace's data only.
    const contact = await createContact(apiAs(testApp.baseUrl, switched.body.accessToken), { firstName: 'OnlyElsewhere' });
    expect((await asJoined('GET', `/contacts/${contact.id}`)).status).toBe(404);
    const stranger = await asJoined('POST', '/auth/switch-workspace', { tenantId: '00000000-0000-7000-8000-000000000000' });
    expect([stranger.status, stranger.body.code]).toEqual([404, 'not_found']);
    // Sign-in picks a workspace by tenantId.
    expect((await signIn(testApp.baseUrl, other.email, other.password, { tenantId: other.tenantId })).tenantId).toBe(other.tenantId);
  });

  test('an invitation works once, for its email only, and a revoked one not at all', async () => {
    const email = uniqueEmail('once');
    const invitation = await invite(asOwner, email);
    const someoneElse = await signUp(testApp.baseUrl);
    const wrongEmail = await post('/auth/sign-in', { email: someoneElse.email, password: someoneElse.password, invitation: invitation.token });
    expect(wrongEmail.status).toBe(400);
    expect(((await wrongEmail.json()) as { errors: unknown }).errors).toEqual([{ path: 'invitation', message: expect.stringMatching(/invalid/) }]);
    const wrongSignUp = await post('/auth/sign-up', { email: uniqueEmail('x'), password: 'long enough password', name: 'X', invitation: invitation.token });
    expect(wrongSignUp.status).toBe(400);

    await post('/auth/sign-up', { email, password: 'long enough password', name: 'Once', invitation: invitation.token });
    const second = await invite(asOwner, uniqueEmail('revoked'));
    expect((await asOwner('DELETE', `/invitations/${second.id}`)).status).toBe(204);
    const listed = await asOwner('GET', '/invitations');
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(second.id);
    expect((await fetch(`${testApp.baseUrl}/api/invitations/preview?token=${second.token}`)).status).toBe(404);
    // An existing member cannot be invited again.
    const again = await asOwner('POST', '/invitations', { email });
    expect([again.status, again.body.code]).toEqual([409, 'conflict']);
  });

  test('admins invite, but only an owner invites an owner', async () => {
    const admin = await createMember(testApp.app, owner.tenantId, 'ADMIN');
    const asAdmin = apiAs(testApp.baseUrl, admin.accessToken);
    expect((await asAdmin('POST', '/invitations', { email: uniqueEmail('by-admin') })).status).toBe(201);
    const refused = await asAdmin('POST', '/invitations', { email: uniqueEmail('owner'), role: 'OWNER' });
    expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);
    expect((await asOwner('POST', '/invitations', { email: uniqueEmail('owner'), role: 'OWNER' })).status).toBe(201);
  });
});

describe('roles', () => {
  test('admins cannot make owners or touch owners; the last owner stays an owner', async () => {
    const admin = await createMember(testApp.app, owner.tenantId, 'ADMIN');
    const member = await createMember(testApp.app, owner.tenantId, 'MEMBER');
    const asAdmin = apiAs(testApp.baseUrl, admin.accessToken);
    expect((await asAdmin('PATCH', `/members/${member.userId}`, { role: 'OWNER' })).status).toBe(403);
    expect((await asAdmin('PATCH', `/members/${owner.userId}`, { role: 'MEMBER' })).status).toBe(403);
    expect((await asAdmin('DELETE', `/members/${owner.userId}`)).status).toBe(403);
    const promoted = await asAdmin('PATCH', `/members/${member.userId}`, { role: 'VIEWER' });
    expect(promoted.body).toMatchObject({ userId: member.userId, role: 'VIEWER' });

    const solo = await signUp(testApp.baseUrl, { company: 'Solo' });
    const asSolo = apiAs(testApp.baseUrl, solo.accessToken);
    const last = await asSolo('PATCH', `/members/${solo.userId}`, { role: 'ADMIN' });
    expect([last.status, last.body.code]).toEqual([409, 'conflict']);
    expect(last.body.detail).toMatch(/last owner/);
    expect((await asSolo('DELETE', `/members/${solo.userId}`)).status).toBe(409);
  });

  test('two owners demoting each other at once leave one owner', async () => {
    const team = await signUp(testApp.baseUrl, { company: 'Duo' });
    const second = await createMember(testApp.app, team.tenantId, 'OWNER');
    const [a, b] = await Promise.all([
      apiAs(testApp.baseUrl, team.accessToken)('PATCH', `/members/${second.userId}`, { role: 'MEMBER' }),
      apiAs(testApp.baseUrl, second.accessToken)('PATCH', `/members/${team.userId}`, { role: 'MEMBER' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, expect.any(Number)]);
    expect(await prisma.membership.count({ where: { tenantId: team.tenantId, role: 'OWNER' } })).toBe(1);
  });

  test('owner and assignee may be any member of the workspace', async () => {
    const member = await createMember(testApp.app, owner.tenantId, 'MEMBER');
    const contact = await createContact(asOwner, { ownerId: member.userId });
    expect(contact.ownerId).toBe(member.userId);
    const ticket = await createTicket(asOwner, { assigneeId: member.userId });
    expect(ticket.assigneeId).toBe(member.userId);
    const members = await asOwner('GET', '/members');
    expect((members.body.items as { userId: string }[]).map((item) => item.userId)).toEqual(expect.arrayContaining([owner.userId, member.userId]));
  });
});

describe('removal', () => {
  test('takes effect at once: access token, refresh token, API key and an open MCP session are refused', async () => {
    const email = uniqueEmail('leaving');
    const invitation = await invite(asOwner, email, 'MEMBER');
    await post('/auth/sign-up', { email, password: 'leaving password 1', name: 'Lee', invitation: invitation.token });
    const leaving = await signIn(testApp.baseUrl, email, 'leaving password 1');
    const asLeaving = apiAs(testApp.baseUrl, leaving.accessToken);
    const key = (await asLeaving('POST', '/api-keys', { name: 'mine', scopes: ['crm:read', 'crm:write'] })).body.key as string;
    const contact = await createContact(asLeaving, { ownerId: leaving.userId });
    const ticket = await createTicket(asOwner, { assigneeId: leaving.userId });
    const company = (await asOwner('POST', '/companies', { name: 'Owned by Lee', ownerId: leaving.userId })).body as { id: string };
    const trashed = (await asOwner('POST', '/companies', { name: 'Trashed, owned by Lee', ownerId: leaving.userId })).body as { id: string };
    expect((await asOwner('DELETE', `/companies/${trashed.id}`)).status).toBe(204);
    const mcp = await connectMcp(testApp.baseUrl, { token: leaving.accessToken });
    try {
      expect((await callTool(mcp.client, 'contact_list')).isError).toBeFalsy();
      expect((await asOwner('DELETE', `/members/${leaving.userId}`)).status).toBe(204);

      expect((await asLeaving('GET', '/contacts')).status).toBe(401);
      expect((await apiAs(testApp.baseUrl, key)('GET', '/contacts')).status).toBe(401);
      expect((await post('/auth/refresh', { refreshToken: leaving.refreshToken })).status).toBe(401);
      await expect(callTool(mcp.client, 'contact_list')).rejects.toThrow(/401|Unauthorized/i);
    } finally {
      await mcp.close().catch(() => undefined);
    }
    expect(await prisma.apiKey.count({ where: { userId: leaving.userId } })).toBe(0);
    expect(await prisma.refreshToken.count({ where: { userId: leaving.userId, tenantId: owner.tenantId } })).toBe(0);
    // Their records stay, unowned.
    expect((await asOwner('GET', `/contacts/${contact.id}`)).body.ownerId).toBeNull();
    expect((await asOwner('GET', `/tickets/${ticket.id}`)).body.assigneeId).toBeNull();
    expect((await asOwner('GET', `/companies/${company.id}`)).body.ownerId).toBeNull();
    expect((await prisma.company.findUnique({ where: { id: trashed.id } }))?.ownerId).toBeNull();
    // The user still exists but can no longer sign in to that workspace.
    expect((await post('/auth/sign-in', { email, password: 'leaving password 1' })).status).toBe(401);
  });

  test('a member of another workspace is not found, not forbidden', async () => {
    const stranger = await signUp(testApp.baseUrl);
    const response = await asOwner('DELETE', `/members/${stranger.userId}`);
    expect([response.status, response.body.code]).toEqual([404, 'not_found']);
  });
});

describe('password change', () => {
  test('needs the current password, ends the other sessions, and the new password signs in', async () => {
    const account = await signUp(testApp.baseUrl);
    const otherSession = await signIn(testApp.baseUrl, account.email, account.password);
    const asAccount = apiAs(testApp.baseUrl, account.accessToken);
    const wrong = await asAccount('POST', '/auth/password', { currentPassword: 'not my password', newPassword: 'brand new password 1' });
    expect([wrong.status, wrong.body.errors]).toEqual([400, [{ path: 'currentPassword', message: 'is not your current password' }]]);

    const changed = await asAccount('POST', '/auth/password', { currentPassword: account.password, newPassword: 'brand new password 1' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), tenant: { id: account.tenantId } });
    expect((await post('/auth/refresh', { refreshToken: otherSession.refreshToken })).status).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: account.refreshToken })).status).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: changed.body.refreshToken })).status).toBe(200);
    expect((await post('/auth/sign-in', { email: account.email, password: account.password })).status).toBe(401);
    expect((await post('/auth/sign-in', { email: account.email, password: 'brand new password 1' })).status).toBe(200);
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: account.userId } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
