import { DomainError } from '../errors/domain-error.js';
import { etagOf, versionFromIfMatch } from './etag.js';

describe('If-Match', () => {
  test('one strong tag of ours is the expected version; absent or * is no condition', () => {
    expect(versionFromIfMatch('"7"')).toBe(7);
    expect(versionFromIfMatch(' "12" ')).toBe(12);
    expect(versionFromIfMatch(etagOf(3))).toBe(3);
    expect(versionFromIfMatch(undefined)).toBeUndefined();
    expect(versionFromIfMatch('*')).toBeUndefined();
  });

  test.each(['7', 'W/"7"', '"7", "8"', '"abc"', '""', '"0"', '"-1"', '"99999999999"'])('%s is refused naming If-Match', (header) => {
    expect(() => versionFromIfMatch(header)).toThrow(DomainError);
    try {
      versionFromIfMatch(header);
    } catch (error) {
      expect((error as DomainError).details.errors?.map((issue) => issue.path)).toEqual(['If-Match']);
    }
  });
});
