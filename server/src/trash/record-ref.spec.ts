import { DomainError } from '../common/errors/domain-error.js';
import { kindOfCollection, parseRecordUri, recordRefOf } from './record-ref.js';

const id = '0193a6f2-0000-7000-8000-00000000abcd';
const pathsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as DomainError).details.errors?.map((issue) => issue.path);
  }
  throw new Error('did not throw');
};

describe('naming a record', () => {
  test('kind and id, or a crm:// URI (ids lower-cased)', () => {
    expect(recordRefOf({ kind: 'deal', id })).toEqual({ kind: 'deal', id });
    expect(recordRefOf({ uri: `crm://contacts/${id.toUpperCase()}` })).toEqual({ kind: 'contact', id });
    expect(parseRecordUri(`crm://tickets/${id}`, 'record')).toEqual({ kind: 'ticket', id });
  });

  test('half a pair, both forms at once, and foreign URIs are validation errors on the field', () => {
    expect(pathsOf(() => recordRefOf({ kind: 'deal' }))).toEqual(['id']);
    expect(pathsOf(() => recordRefOf({ id }))).toEqual(['kind']);
    expect(pathsOf(() => recordRefOf({ kind: 'deal', id, uri: `crm://deals/${id}` }))).toEqual(['uri']);
    for (const uri of [`crm://pipelines/${id}`, 'crm://deals/42', `https://deals/${id}`, `crm://deals/${id}/x`]) {
      expect(pathsOf(() => recordRefOf({ uri }))).toEqual(['uri']);
    }
    expect(pathsOf(() => parseRecordUri('nope', 'record'))).toEqual(['record']);
  });

  test('an unknown REST collection answers like a missing record', () => {
    expect(kindOfCollection('leads')).toBe('lead');
    expect(() => kindOfCollection('planets')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
