import { z } from 'zod';
import { InexactNumber } from '../json/exact-json-numbers.js';
import { parseInput } from './parse-input.js';

const schema = z.strictObject({ limit: z.number().int(), value: z.string().optional() });

describe('parseInput', () => {
  test('valid input passes through the schema', () => {
    expect(parseInput(schema, { limit: 5, value: '1.00' })).toEqual({ data: { limit: 5, value: '1.00' } });
  });

  test('an inexact number is refused by path whatever the field type, before the schema runs', () => {
    const parsed = parseInput(schema, { limit: new InexactNumber('9007199254740993'), value: 'x' });
    expect('error' in parsed && parsed.error.details.errors).toEqual([
      { path: 'limit', message: expect.stringContaining('9007199254740993') },
    ]);
  });

  test('schema failures come back as one validation error with field paths', () => {
    const parsed = parseInput(schema, { limit: 'many', extra: 1 });
    expect('error' in parsed && parsed.error.details.errors?.map((issue) => issue.path).sort()).toEqual(['extra', 'limit']);
  });
});
