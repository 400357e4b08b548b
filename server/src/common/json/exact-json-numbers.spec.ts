import { InexactNumber, inexactNumberIssues, reparseKeepingInexactNumbers } from './exact-json-numbers.js';

describe('exact JSON numbers', () => {
  test('texts without long or exponent numbers are left to JSON.parse', () => {
    expect(reparseKeepingInexactNumbers('{"value": 50000.25, "id": "550e8400-e29b-41d4-a716-446655440000"}')).toBeUndefined();
    expect(reparseKeepingInexactNumbers('[123456789012345, 0.1, -7]')).toBeUndefined();
  });

  test('a number a double would round becomes a marker carrying its text', () => {
    const parsed = reparseKeepingInexactNumbers('{"deal": {"value": 12345678901234.5678}, "n": 1}') as {
      deal: { value: unknown };
      n: unknown;
    };
    expect(parsed.deal.value).toEqual(new InexactNumber('12345678901234.5678'));
    expect(parsed.n).toBe(1);
  });

  test.each([
    ['12345678901234.5678', false],
    ['9007199254740993', false],
    ['1e400', false],
    ['1e-400', false],
    ['100000000000000.0001', false],
    ['1234567890123456', true],
    ['0.10000000000000000', true],
    ['1.5e3', true],
    ['12345678901234.5', true],
  ])('%s exact: %s', (text, exact) => {
    const json = `{"value": ${text}}`;
    const parsed = (reparseKeepingInexactNumbers(json) ?? JSON.parse(json)) as { value: unknown };
    expect(parsed.value instanceof InexactNumber).toBe(!exact);
    if (exact) expect(parsed.value).toBe(Number(text));
  });

  test('a whole-text number and array items are covered too', () => {
    expect(reparseKeepingInexactNumbers('12345678901234.5678')).toBeInstanceOf(InexactNumber);
    expect(reparseKeepingInexactNumbers('[1,\n 12345678901234.5678]')).toEqual([1, new InexactNumber('12345678901234.5678')]);
  });

  test('duplicate keys keep the last value, as JSON.parse does', () => {
    expect(reparseKeepingInexactNumbers('{"a": 1, "a": 12345678901234.5678}')).toEqual({ a: new InexactNumber('12345678901234.5678') });
  });

  test('issues name each marker by its field path and say what to send', () => {
    const issues = inexactNumberIssues({ a: 1, deal: { value: new InexactNumber('12345678901234.5678') }, list: [new InexactNumber('1e400')] });
    expect(issues.map((issue) => issue.path)).toEqual(['deal.value', 'list.0']);
    expect(issues[0]!.message).toContain('would become 12345678901234.568');
    expect(issues[0]!.message).toContain('send it as a decimal string, e.g. "12345678901234.5678"');
    expect(issues[1]!.message).toContain('too large');
  });
});
