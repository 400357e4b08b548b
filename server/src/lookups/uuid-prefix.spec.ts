import { uuidPrefixRange } from './uuid-prefix.js';

test('a hex prefix spans every UUID that starts with it', () => {
  expect(uuidPrefixRange('0197A')).toEqual({
    gte: '0197a000-0000-0000-0000-000000000000',
    lte: '0197afff-ffff-ffff-ffff-ffffffffffff',
  });
  expect(uuidPrefixRange('')).toEqual({
    gte: '00000000-0000-0000-0000-000000000000',
    lte: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
  });
  expect(uuidPrefixRange('01234567-89')).toEqual({
    gte: '01234567-8900-0000-0000-000000000000',
    lte: '01234567-89ff-ffff-ffff-ffffffffffff',
  });
});

test('text that cannot start a UUID matches nothing', () => {
  expect(uuidPrefixRange('Jane')).toBeUndefined();
  expect(uuidPrefixRange('012345678')).toBeUndefined();
  expect(uuidPrefixRange('0'.repeat(40))).toBeUndefined();
});
