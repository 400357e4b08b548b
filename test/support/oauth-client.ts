import { auth, type OAuthClientProvider, type OAuthDiscoveryState } from '@modelcontextprotocol/client';
import { createHash, randomBytes } from 'node:crypto';
import { signInAndApprove } from './oauth-browser.js';

type ProviderTokens = Awaited<ReturnType<OAuthClientProvider['tokens']>>;
type ProviderClient = Awaited<ReturnType<OAuthClientProvider['clientInformation']>>;

/** An in-memory OAuthClientProvider for the SDK's own `auth()`, as a native MCP client would hold it. */
export class TestOAuthProvider implements OAuthClientProvider {
  authorizationUrl?: URL;
  saved?: ProviderTokens;
  client?: ProviderClient;
  private verifier = '';
  private discovery?: OAuthDiscoveryState;

  constructor(readonly redirectUrl = `http://localhost:${40000 + Math.floor(Math.random() * 20000)}/oauth/callback`, private readonly scope?: string) {}

  get clientMetadata() {
    return {
      client_name: 'E2E MCP client',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...(this.scope ? { scope: this.scope } : {}),
    };
  }
  clientInformation() { return this.client; }
  saveClientInformation(info: ProviderClient) { this.client = info; }
  tokens() { return this.saved; }
  saveTokens(tokens: ProviderTokens) { this.saved = tokens; }
  redirectToAuthorization(url: URL) { this.authorizationUrl = url; }
  saveCodeVerifier(verifier: string) { this.verifier = verifier; }
  codeVerifier() { return this.verifier; }
  // Lets the SDK check, on the callback leg, that the same authorization server answers (SEP-2352).
  saveDiscoveryState(state: OAuthDiscoveryState) { this.discovery = state; }
  discoveryState() { return this.discovery; }
}

/** The whole flow: SDK discovery, registration and PKCE; our pages signed in and approved over HTTP; SDK token exchange. */
export async function authorizeWithSdk(
  mcpUrl: string,
  account: { email: string; password: string },
  options: { scope?: string; tenantId?: string; provider?: TestOAuthProvider } = {},
): Promise<TestOAuthProvider> {
  const provider = options.provider ?? new TestOAuthProvider(undefined, options.scope);
  const first = await auth(provider, { serverUrl: mcpUrl, ...(options.scope ? { scope: options.scope } : {}) });
  if (first !== 'REDIRECT' || !provider.authorizationUrl) throw new Error(`auth() answered ${first}`);
  const callback = await signInAndApprove(provider.authorizationUrl, account, options.tenantId ? { tenantId: options.tenantId } : {});
  if (!callback.code) throw new Error(`no code in ${callback.url.href}`);
  const second = await auth(provider, { serverUrl: mcpUrl, authorizationCode: callback.code, ...(callback.iss ? { iss: callback.iss } : {}) });
  if (second !== 'AUTHORIZED') throw new Error(`auth() answered ${second}`);
  return provider;
}

/** PKCE pair (RFC 7636 S256) for tests that speak the protocol by hand. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
