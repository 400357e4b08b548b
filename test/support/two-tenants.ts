import { PrismaClient } from '../../server/src/generated/prisma/client.js';
import { signUp, type SignedUpAccount } from './accounts.js';
import { type Api, apiAs } from './factories-contacts-tickets.js';
import { startTestApp, type TestApp } from './test-app.js';

export interface TwoTenants {
  testApp: TestApp;
  tenantA: SignedUpAccount;
  tenantB: SignedUpAccount;
  /** REST calls as tenant A's owner, and as tenant B's. */
  asA: Api;
  asB: Api;
  /** Unscoped client, for checking what was (not) written. */
  prisma: PrismaClient;
}

/** Boots the app and signs up two unrelated tenants: the setup of every domain's e2e file. */
export async function startTwoTenants(env: Record<string, string> = {}): Promise<TwoTenants> {
  const testApp = await startTestApp(env);
  const tenantA = await signUp(testApp.baseUrl);
  const tenantB = await signUp(testApp.baseUrl);
  return {
    testApp,
    tenantA,
    tenantB,
    asA: apiAs(testApp.baseUrl, tenantA.accessToken),
    asB: apiAs(testApp.baseUrl, tenantB.accessToken),
    prisma: testApp.app.get(PrismaClient),
  };
}
