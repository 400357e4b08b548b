import { normalizeDomain } from './company-domain.js';

describe('normalizeDomain', () => {
  test.each([
    ['acme.com', 'acme.com'],
    ['Acme.COM', 'acme.com'],
    ['  www.acme.com  ', 'acme.com'],
    ['https://www.Acme.com/about?x=1#top', 'acme.com'],
    ['http://shop.acme.co.uk:8080/path', 'shop.acme.co.uk'],
    ['acme.com.', 'acme.com'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['wwwacme.com', 'wwwacme.com'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  test.each(['', '   ', 'localhost', '127.0.0.1', 'acme', 'acme .com', 'acme..com', '-acme.com', 'acme.c0m', 'mailto:x@acme.com', 'http://user:secret@acme.com', 'ftp://acme.com'])(
    '%j is refused',
    (input) => {
      expect(normalizeDomain(input)).toBeUndefined();
    },
  );
});
