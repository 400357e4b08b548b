import { formatAmount, moneyAmount, toDecimal } from './money.js';

describe('money', () => {
  test.each([
    ['50000', '50000.00'],
    ['0.1', '0.10'],
    ['12.345', '12.345'],
    ['1.5000', '1.50'],
    ['12345678901234.5678', '12345678901234.5678'],
  ])('%s is formatted as %s', (input, output) => {
    expect(formatAmount(toDecimal(input))).toBe(output);
  });

  test('numbers are read through their shortest decimal text, not as binary floats', () => {
    expect(formatAmount(toDecimal(0.1))).toBe('0.10');
    expect(toDecimal(0.1).plus(toDecimal(0.2)).toFixed(2)).toBe('0.30');
  });

  test.each([['-1'], [-1], ['1.23456'], [0.1 + 0.2], ['1e3'], [1e21], ['1234567890123456'], [''], ['abc']])(
    '%p is refused',
    (value) => {
      expect(moneyAmount.safeParse(value).success).toBe(false);
    },
  );
});
