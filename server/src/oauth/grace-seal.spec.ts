import { open, seal } from './grace-seal.js';

test('only the same token opens what was sealed with it', () => {
  const sealed = seal('old-refresh-token', { accessToken: 'a', refreshToken: 'r' });
  expect(sealed).not.toContain('old-refresh-token');
  expect(open('old-refresh-token', sealed)).toEqual({ accessToken: 'a', refreshToken: 'r' });
  expect(open('another-token', sealed)).toBeUndefined();
  expect(open('old-refresh-token', `${sealed.slice(0, -2)}AA`)).toBeUndefined();
});
