import { loadConfig } from '../config/load-config.js';
import type { DatabaseConnection } from '../database/sql-session.js';
import { AccessTokenIssuer } from './access-token.issuer.js';
import { ApiKeyVerifier } from './api-key.verifier.js';
import { CredentialVerifier } from './credential.verifier.js';
import { loadJwtKeys } from './jwt-keys.js';
import { LocalJwtVerifier } from './local-jwt.verifier.js';
import { OAuthAccessTokens } from './oauth-access-tokens.js';

const ids = {
  userId: '01900000-0000-7000-8000-000000000001',
  tenantId: '01900000-0000-7000-8000-000000000002',
  grantId: '01900000-0000-7000-8000-000000000003',
};
const resource = 'http://localhost:3001/api/mcp';

// Only the database is stubbed (membership and grant rows exist): signatures and claims are checked for real.
async function setUp() {
  const config = loadConfig({ JWT_SECRET: 's'.repeat(40) });
  const keys = await loadJwtKeys(config);
  const database = { query: async () => [{ role: 'MEMBER' }] } as unknown as DatabaseConnection;
  const oauth = new OAuthAccessTokens(keys, config, database);
  const verifier = new CredentialVerifier(new LocalJwtVerifier(keys, database), new ApiKeyVerifier(database), oauth);
  const { accessToken: oauthToken } = await oauth.issue({ ...ids, clientId: 'client-1', scopes: ['crm:read'], resource, issuer: 'http://localhost:3001' });
  const { accessToken: firstPartyToken } = await new AccessTokenIssuer(keys).issue({ ...ids, role: 'OWNER' });
  return { verifier, oauth, oauthToken, firstPartyToken };
}

test('each kind of token reaches its own verifier and yields its own principal', async () => {
  const { verifier, oauth, oauthToken, firstPartyToken } = await setUp();
  expect(oauth.hasOurShape(oauthToken)).toBe(true);
  expect(oauth.hasOurShape(firstPartyToken)).toBe(false);
  await expect(verifier.verify(oauthToken)).resolves.toEqual({
    userId: ids.userId,
    tenantId: ids.tenantId,
    role: 'MEMBER',
    scopes: ['crm:read'],
    credential: { kind: 'oauth', id: ids.grantId, clientId: 'client-1', resource },
  });
  await expect(verifier.verify(firstPartyToken)).resolves.toMatchObject({ credential: { kind: 'access_token' }, scopes: ['crm:read', 'crm:write'] });
});

test('a token dressed in the other kind\'s header fails: the shape picks the checks, it does not skip them', async () => {
  const { verifier, oauthToken, firstPartyToken } = await setUp();
  const [oauthHeader] = oauthToken.split('.');
  const [firstPartyHeader, ...rest] = firstPartyToken.split('.');
  await expect(verifier.verify([oauthHeader, ...rest].join('.'))).rejects.toMatchObject({ code: 'unauthenticated' });
  const [, ...oauthRest] = oauthToken.split('.');
  await expect(verifier.verify([firstPartyHeader, ...oauthRest].join('.'))).rejects.toMatchObject({ code: 'unauthenticated' });
  await expect(verifier.verify('not-a-jwt')).rejects.toMatchObject({ code: 'unauthenticated' });
});
