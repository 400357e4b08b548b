import type { Role } from '../../generated/prisma/enums.js';
import { authorize, POLICY } from './policy.js';
import { firstPartyPrincipal, scopesFor, type Principal } from './principal.js';

const ROLES: Role[] = ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'];
const person = (role: Role) => firstPartyPrincipal('u', 't', role);
const key = (role: Role, granted: string[]): Principal => ({
  userId: 'u', tenantId: 't', role, scopes: scopesFor(role, granted), credential: { kind: 'api_key', id: 'k' },
});

test('a viewer never carries crm:write, whatever was granted', () => {
  expect(scopesFor('VIEWER', ['crm:read', 'crm:write'])).toEqual(['crm:read']);
  expect(person('VIEWER').scopes).toEqual(['crm:read']);
  expect(scopesFor('MEMBER', ['crm:read'])).toEqual(['crm:read']);
  expect(scopesFor('OWNER', ['crm:write', 'bogus'])).toEqual(['crm:write']);
});

test('every action admits a contiguous top of the role order, so each has a lowest role', () => {
  for (const [action, rule] of Object.entries(POLICY)) {
    const allowed = ROLES.map((role) => rule.roles.includes(role));
    expect([action, allowed.indexOf(true) >= 0 && allowed.slice(allowed.indexOf(true)).every(Boolean)]).toEqual([action, true]);
  }
});

test('refusals are forbidden and say what would work', () => {
  expect(() => authorize(person('VIEWER'), 'crm:write')).toThrow(expect.objectContaining({ code: 'forbidden', message: expect.stringMatching(/viewer.*owner, admin, member/) }));
  expect(() => authorize(key('OWNER', ['crm:read']), 'crm:write')).toThrow(expect.objectContaining({ code: 'forbidden', details: { requiredScope: 'crm:write' } }));
  expect(() => authorize(key('OWNER', ['crm:read', 'crm:write']), 'api-keys:own')).toThrow(/signed-in person/);
  expect(() => authorize(person('ADMIN'), 'pipelines:manage')).not.toThrow();
  expect(() => authorize(person('MEMBER'), 'pipelines:manage')).toThrow(expect.objectContaining({ code: 'forbidden' }));
});
