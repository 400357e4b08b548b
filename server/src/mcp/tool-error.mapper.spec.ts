import { DomainError, endSentence } from '../common/errors/domain-error.js';
import { joinSentences, toolErrorOf } from './tool-error.mapper.js';

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

describe('every tool error text is made of whole sentences', () => {
  const everyCode = [
    DomainError.validation([{ path: 'stage', message: 'valid stages: Closed Won, Closed Lost' }, { path: 'name', message: 'is required.' }]),
    DomainError.notFound('Deal', '00000000-0000-4000-8000-000000000000'),
    DomainError.conflict('Another contact already uses the email ada@example.test', 'email'),
    DomainError.conflict('The lead changed while updating it'),
    DomainError.forbidden('Your role cannot do that'),
    DomainError.invalidTransition('Ticket', 'OPEN', 'CLOSED', ['IN_PROGRESS']),
    DomainError.preconditionFailed('Deal', 'x', 1, 2),
    new DomainError('rate_limited', 'Too many attempts', { retryAfterSeconds: 3 }),
    DomainError.unauthenticated('Sign in first'),
    DomainError.unavailable(5),
  ];

  test.each(everyCode.map((error) => [error.code, error] as const))('%s', (_code, error) => {
    const text = textOf(error);
    expect(text).toMatch(/[.!?]$/);
    // A sentence never runs into the next one: a lower-case word, then a capitalised hint, with no stop between.
    expect(text).not.toMatch(/[a-z0-9] [A-Z][a-z]+ the /);
    expect(text).not.toMatch(/\.;|\.\./);
  });

  test('a hint after a message without a full stop starts a new sentence', () => {
    expect(textOf(DomainError.validation([{ path: 'stage', message: 'valid stages: Closed Won, Closed Lost.' }])))
      .toBe('Invalid input. stage: valid stages: Closed Won, Closed Lost. Fix the named fields and call the tool again.');
    expect(textOf(DomainError.forbidden('Your role cannot do that'))).toBe('Your role cannot do that.');
  });

  test('joinSentences ends each part', () => {
    expect(joinSentences('Item 3 failed', '', 'Fix it')).toBe('Item 3 failed. Fix it.');
  });
});
