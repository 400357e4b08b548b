import { contactSearchText, searchTerm } from './contacts.search-text.js';

describe('contactSearchText', () => {
  test('lower-cases name, email, company and phone, plus the phone digits', () => {
    expect(contactSearchText({ firstName: 'Ada', lastName: 'Lovelace', email: 'Ada@X.io', company: 'ACME', phone: '+1 (555) 0100' }))
      .toBe('ada lovelace ada@x.io acme +1 (555) 0100 15550100');
  });

  test('skips empty parts and does not repeat a digits-only phone', () => {
    expect(contactSearchText({ firstName: 'Ada', lastName: '', email: null, company: null, phone: '5550100' })).toBe('ada 5550100');
  });

  test('search terms are normalised the same way', () => {
    expect(searchTerm('  AcMe ')).toBe('acme');
  });
});
