import { currencyChangeIssue, formatAmount, moneyAmount, toDecimal } from './money.js';

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

  test('an exact number is read through its shortest decimal text, not as a binary float', () => {
    expect(moneyAmount.parse(0.1)).toBe('0.1');
    expect(moneyAmount.parse(12.345)).toBe('12.345');
    expect(moneyAmount.parse(0)).toBe('0');
    expect(toDecimal(moneyAmount.parse(0.1) as string).plus(toDecimal('0.2')).toFixed(2)).toBe('0.30');
  });

  test.each([['-1'], [-1], ['1.23456'], [0.1 + 0.2], ['1e3'], [1e21], [1e-7], ['1234567890123456'], [''], ['abc'], [true], [null]])(
    '%p is refused',
    (value) => {
      expect(moneyAmount.safeParse(value).success).toBe(false);
    },
  );

  test('a negative amount says so', () => {
    expect(moneyAmount.safeParse('-5').error?.issues[0]?.message).toBe('must not be negative');
  });

  test('a currency change needs the amount; repeating the current currency does not', () => {
    expect(currencyChangeIssue({ currency: 'EUR' }, 'USD')?.path).toBe('value');
    expect(currencyChangeIssue({ currency: 'EUR', value: '10' }, 'USD')).toBeUndefined();
    expect(currencyChangeIssue({ currency: 'USD' }, 'USD')).toBeUndefined();
    expect(currencyChangeIssue({ value: '10' }, 'USD')).toBeUndefined();
  });
});
