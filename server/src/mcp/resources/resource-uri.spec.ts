import { ProtocolErrorCode, ResourceNotFoundError } from '@modelcontextprotocol/server';
import { parseResourceUri, resourceUriOf } from './resource-uri.js';

const id = '01a2319c-1f1b-749c-9267-9604fac27dc7';

test('record URIs round-trip', () => {
  for (const kind of ['contact', 'deal', 'lead', 'ticket', 'pipeline'] as const) {
    expect(parseResourceUri(resourceUriOf({ kind, id }))).toEqual({ kind, id });
  }
});

test('another scheme or collection names nothing here: resource not found, carrying the URI', () => {
  for (const uri of ['test://nonexistent', `crm://users/${id}`, `crm://contacts/${id}/deals`, 'crm://contacts']) {
    const error = (() => { try { parseResourceUri(uri); } catch (caught) { return caught; } })();
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect((error as ResourceNotFoundError).uri).toBe(uri);
  }
});

test('a record URI whose id is no UUID is malformed: invalid params', () => {
  expect(() => parseResourceUri('crm://contacts/not-a-uuid')).toThrow(expect.objectContaining({ code: ProtocolErrorCode.InvalidParams }));
  expect(() => parseResourceUri('crm://contacts/')).toThrow(/must be a UUID/);
});
