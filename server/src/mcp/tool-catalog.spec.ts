import { z } from 'zod';
import { firstPartyPrincipal } from '../common/auth/principal.js';
import { ToolCatalog } from './tool-catalog.js';
import { crmTool, publicTool, READ_ONLY, UPDATES, type ToolDefinition } from './tool-definition.js';
import { parseToolsets, type ToolSelection } from './toolsets/toolsets.js';

const input = z.strictObject({});
const output = z.object({ ok: z.boolean() });
const tool = (name: string, toolset: 'contacts' | 'deals', readOnly: boolean): ToolDefinition =>
  crmTool({ toolset, name, title: name, description: `The ${name} tool.`, input, output, annotations: readOnly ? READ_ONLY : UPDATES, handler: async () => ({ ok: true }) });
const catalog = new ToolCatalog([
  publicTool({ name: 'auth_sign_in', title: 'Sign in', description: 'Sign in.', input, output, annotations: UPDATES, handler: async () => ({ ok: true }) }),
  tool('contact_list', 'contacts', true),
  tool('contact_update', 'contacts', false),
  tool('deal_list', 'deals', true),
]);
const selection = (raw: string): ToolSelection => {
  const parsed = parseToolsets(raw);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.selection;
};
const names = (list: { tools: { name: string }[] }) => list.tools.map((entry) => entry.name);
const owner = firstPartyPrincipal('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', 'OWNER');

test('a selection narrows the list; sign-in tools stay on stdio; read-only filters', () => {
  expect(names(catalog.listFor('http', owner, selection('contacts')))).toEqual(['contact_list', 'contact_update']);
  expect(names(catalog.listFor('stdio', undefined, selection('deals')))).toEqual(['auth_sign_in', 'deal_list']);
  expect(names(catalog.listFor('http', owner, selection('contacts,read-only')))).toEqual(['contact_list']);
  expect(names(catalog.listFor('http', owner))).toEqual(['contact_list', 'contact_update', 'deal_list']);
});

test('each answer is built once and shared, frozen (nothing is built per request)', () => {
  const first = catalog.listFor('http', owner, selection('deals,contacts'));
  expect(catalog.listFor('http', owner, selection('contacts,deals'))).toBe(first);
  expect(Object.isFrozen(first) && Object.isFrozen(first.tools[0])).toBe(true);
});

test('lookup tells an unknown tool from one the selection leaves out', () => {
  expect(catalog.lookup('nope', 'http')).toEqual({ missing: 'unknown' });
  expect(catalog.lookup('auth_sign_in', 'http')).toEqual({ missing: 'unknown' });
  expect(catalog.lookup('deal_list', 'http', selection('contacts'))).toEqual({ missing: 'not_selected' });
  expect(catalog.lookup('contact_update', 'http', selection('read-only'))).toEqual({ missing: 'not_selected' });
  expect('tool' in catalog.lookup('deal_list', 'http', selection('deals'))).toBe(true);
});
