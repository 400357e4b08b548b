import { splitName } from './lead-conversion.js';
import { canMove, LEAD_TRANSITIONS } from './lead-transitions.js';

describe('splitName', () => {
  test.each([
    ['Ada Lovelace', 'Ada', 'Lovelace'],
    ['  Ada   King  Lovelace ', 'Ada', 'King Lovelace'],
    ['Madonna', 'Madonna', ''],
  ])('%p -> %p / %p', (name, firstName, lastName) => {
    expect(splitName(name)).toEqual({ firstName, lastName });
  });
});

describe('lead transitions', () => {
  test('CONVERTED is never reachable by an update and is terminal', () => {
    for (const next of Object.values(LEAD_TRANSITIONS)) expect(next).not.toContain('CONVERTED');
    expect(LEAD_TRANSITIONS.CONVERTED).toEqual([]);
  });

  test('staying in the same status is not a transition', () => {
    expect(canMove('QUALIFIED', 'QUALIFIED')).toBe(true);
    expect(canMove('QUALIFIED', 'NEW')).toBe(false);
  });
});
