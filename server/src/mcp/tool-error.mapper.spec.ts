import { DomainError, endSentence } from '../common/errors/domain-error.js';
import { toolErrorOf } from './tool-error.mapper.js';

const textOf = (error: DomainError) => (toolErrorOf(error).content[0] as { text: string }).text;

describe('tool error texts', () => {
  test('a conflict hint never invites inventing another value', () => {
    const text = textOf(DomainError.conflict('Another contact already uses the email ada@example.test.', 'email'));
    expect(text).not.toMatch(/choose another/i);
    expect(text).toContain('Do not make up a different email.');
  });

  test('a validation message ends its sentence before the hint', () => {
    const text = textOf(DomainError.validation([{ path: 'stage', message: 'valid stages: Closed Won, Closed Lost' }]));
    expect(text).toBe('Invalid input. stage: valid stages: Closed Won, Closed Lost. Fix the named fields and call the tool again.');
  });

  test.each([['done', 'done.'], ['done.', 'done.'], ['really?', 'really?'], ['say "hi."', 'say "hi."']])(
    'endSentence(%p) is %p',
    (input, output) => expect(endSentence(input)).toBe(output),
  );
});
