import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let testApp: TestApp;
beforeAll(async () => { testApp = await startTestApp(); });
afterAll(() => testApp.close());

test('boots with migrations applied and serves problem+json for unknown routes', async () => {
  const prisma = testApp.app.get(PrismaClient);
  const stages = await prisma.stage.count();
  expect(stages).toBe(0);
  const response = await fetch(`${testApp.baseUrl}/api/nope`);
  expect(response.status).toBe(404);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(((await response.json()) as { code: string }).code).toBe('route_not_found');
});
