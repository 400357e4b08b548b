import { AccessTokenVerifier } from '../server/src/auth/access-token.verifier.js';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { createMember, signUp, type SignedUpAccount } from './support/accounts.js';
import { callOk, connectMcp } from './support/mcp-client.js';
import { authorizeWithSdk } from './support/oauth-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let testApp: TestApp;
let account: SignedUpAccount;
let mcpUrl: string;
beforeAll(async () => {
  testApp = await startTestApp();
  account = await signUp(testApp.baseUrl);
  mcpUrl = `${testApp.baseUrl}/api/mcp`;
}, 60_000);
afterAll(() => testApp?.close());

const verify = (token: string) => testApp.app.get(AccessTokenVerifier).verify(token);

interface TokenAnswer { status: number; body: Record<string, any>; headers: Headers }
async function tokenRequest(params: Record<string, string>): Promise<TokenAnswer> {
  const response = await fetch(`${testApp.baseUrl}/api/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any>, headers: response.headers };
}

function refresh(provider: { saved?: { refresh_token?: string }; client?: { client_id: string } }, token = provider.saved!.refresh_token!) {
  return tokenRequest({ grant_type: 'refresh_token', refresh_token: token, client_id: provider.client!.client_id, resource: mcpUrl });
}

describe('the whole flow with the MCP SDK client (auth() and an OAuthClientProvider)', () => {
  test('discovers, registers, signs in and approves on our pages, exchanges the code, and calls MCP tools', async () => {
    const provider = await authorizeWithSdk(mcpUrl, account);
    const tokens = provider.saved!;
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'crm:read crm:write' });
    expect(tokens.expires_in).toBe(3600);
    expect(typeof tokens.refresh_token).toBe('string');

    const principal = await verify(tokens.access_token);
    expect(principal).toMatchObject({
      userId: account.userId,
      tenantId: account.tenantId,
      role: 'OWNER',
      scopes: ['crm:read', 'crm:write'],
      credential: { kind: 'oauth', clientId: provider.client!.client_id, resource: mcpUrl },
    });

    const mcp = await connectMcp(testApp.baseUrl, { token: tokens.access_token });
    try {
      const created = await callOk(mcp.client, 'contact_create', { firstName: 'Grace', lastName: 'Hopper' });
      expect(created.firstName).toBe('Grace');
    } finally {
      await mcp.close();
    }
  });

  test('REST refuses an OAuth access token: its audience is the MCP endpoint (RFC 8707)', async () => {
    const provider = await authorizeWithSdk(mcpUrl, account);
    const response = await fetch(`${testApp.baseUrl}/api/contacts`, { headers: { authorization: `Bearer ${provider.saved!.access_token}` } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/issued for the MCP endpoint/);
  });

  test('a read-only grant carries only crm:read', async () => {
    const provider = await authorizeWithSdk(mcpUrl, account, { scope: 'crm:read' });
    expect(provider.saved!.scope).toBe('crm:read');
    expect((await verify(provider.saved!.access_token)).scopes).toEqual(['crm:read']);
  });

  test('a user in several workspaces chooses one on the consent page, and the token is for that one', async () => {
    const other = await signUp(testApp.baseUrl, { company: 'Second Workspace' });
    await testApp.app.get(PrismaClient).membership.create({ data: { tenantId: other.tenantId, userId: account.userId, role: 'MEMBER' } });
    const provider = await authorizeWithSdk(mcpUrl, account, { tenantId: other.tenantId });
    expect(await verify(provider.saved!.access_token)).toMatchObject({ tenantId: other.tenantId, role: 'MEMBER' });
  });
});

describe('refresh tokens', () => {
  test('rotate: a refresh gives a new pair, and the old access token keeps working until it expires', async () => {
    const provider = await authorizeWithSdk(mcpUrl, account);
    const answer = await refresh(provider);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('pragma')).toBe('no-cache');
    expect(answer.body.refresh_token).not.toBe(provider.saved!.refresh_token);
    expect(typeof answer.body.expires_in).toBe('number');
    expect((await verify(answer.body.access_token)).credential.kind).toBe('oauth');
    const next = await refresh(provider, answer.body.refresh_token);
    expect(next.status).toBe(200);
  });

  test('two parallel refreshes with the same token (Gemini CLI) both get the same new pair', async () => {
    const provider = await authorizeWithSdk(mcpUrl, account);
    const [first, second] = await Promise.all([refresh(provider), refresh(provider)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.access_token).toBe(first.body.access_token);
    expect(second.body.refresh_token).toBe(first.body.refresh_token);
    // And again a moment later, still inside the grace window.
    const third = await refresh(provider);
    expect(third.body.refresh_token).toBe(first.body.refresh_token);
    expect((await refresh(provider, first.body.refresh_token)).status).toBe(200);
  });

  test('reuse after the grace window revokes the whole family', async () => {
    const provider = await authorizeWithSdk(mcpUrl, account);
    const rotated = await refresh(provider);
    const prisma = testApp.app.get(PrismaClient);
    // Age the rotation past the 30 s window instead of sleeping through it.
    await prisma.oAuthRefreshToken.updateMany({ where: { rotatedAt: { not: null } }, data: { rotatedAt: new Date(Date.now() - 31_000) } });
    const reuse = await refresh(provider);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');
    expect((await refresh(provider, rotated.body.refresh_token)).body.error).toBe('invalid_grant');
    await expect(verify(rotated.body.access_token)).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  test('the grace pair is stored only sealed: no token in clear at rest', async () => {
    const provider = await authorizeWithSdk(mcpUrl, account);
    const rotated = await refresh(provider);
    const rows = await testApp.app.get(PrismaClient).oAuthRefreshToken.findMany({ where: { successorSealed: { not: null } } });
    const dump = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(0);
    expect(dump).not.toContain(rotated.body.refresh_token);
    expect(dump).not.toContain(rotated.body.access_token);
    expect(dump).not.toContain(provider.saved!.refresh_token);
  });
});

describe('revocation and connected apps', () => {
  test('RFC 7009 revocation of the refresh token ends the grant: refresh and access token fail', async () => {
    const provider = await authorizeWithSdk(mcpUrl, account);
    const response = await fetch(`${testApp.baseUrl}/api/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: provider.saved!.refresh_token!, client_id: provider.client!.client_id }).toString(),
    });
    expect(response.status).toBe(200);
    await expect(verify(provider.saved!.access_token)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect((await refresh(provider)).body.error).toBe('invalid_grant');
  });

  test('revoking an access token revokes its grant too; unknown tokens answer 200', async () => {
    const provider = await authorizeWithSdk(mcpUrl, account);
    for (const token of [provider.saved!.access_token, 'not-a-token']) {
      const response = await fetch(`${testApp.baseUrl}/api/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
      expect(response.status).toBe(200);
    }
    expect((await refresh(provider)).body.error).toBe('invalid_grant');
  });

  test('a user lists their connected apps and disconnects one; its tokens stop at once', async () => {
    const user = await signUp(testApp.baseUrl, { company: 'Apps Co' });
    const provider = await authorizeWithSdk(mcpUrl, user);
    const headers = { authorization: `Bearer ${user.accessToken}` };
    const list = (await (await fetch(`${testApp.baseUrl}/api/connected-apps`, { headers })).json()) as { items: any[] };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      clientId: provider.client!.client_id,
      clientName: 'E2E MCP client',
      scopes: ['crm:read', 'crm:write'],
      workspace: { id: user.tenantId, name: 'Apps Co' },
    });
    expect(list.items[0].lastUsedAt).toBeNull();
    await verify(provider.saved!.access_token);
    // Use is recorded in the background, at most once a minute per grant.
    const prisma = testApp.app.get(PrismaClient);
    for (let i = 0; i < 50 && !(await prisma.oAuthGrant.findUnique({ where: { id: list.items[0].id } }))?.lastUsedAt; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const listed = (await (await fetch(`${testApp.baseUrl}/api/connected-apps`, { headers })).json()) as { items: any[] };
    expect(listed.items[0].lastUsedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));

    const stranger = await signUp(testApp.baseUrl);
    const foreign = await fetch(`${testApp.baseUrl}/api/connected-apps/${list.items[0].id}`, { method: 'DELETE', headers: { authorization: `Bearer ${stranger.accessToken}` } });
    expect(foreign.status).toBe(404);

    const revoked = await fetch(`${testApp.baseUrl}/api/connected-apps/${list.items[0].id}`, { method: 'DELETE', headers });
    expect(revoked.status).toBe(204);
    await expect(verify(provider.saved!.access_token)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect((await refresh(provider)).body.error).toBe('invalid_grant');
    const after = (await (await fetch(`${testApp.baseUrl}/api/connected-apps`, { headers })).json()) as { items: unknown[] };
    expect(after.items).toEqual([]);
  });

  test('removing a member removes their grants: the next request fails', async () => {
    const member = await createMember(testApp.app, account.tenantId, 'MEMBER');
    const provider = await authorizeWithSdk(mcpUrl, { email: member.email, password: member.password });
    expect((await verify(provider.saved!.access_token)).role).toBe('MEMBER');
    const prisma = testApp.app.get(PrismaClient);
    await prisma.membership.delete({ where: { tenantId_userId: { tenantId: account.tenantId, userId: member.userId } } });
    await expect(verify(provider.saved!.access_token)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(await prisma.oAuthGrant.count({ where: { userId: member.userId } })).toBe(0);
    expect((await refresh(provider)).body.error).toBe('invalid_grant');
  });
});
