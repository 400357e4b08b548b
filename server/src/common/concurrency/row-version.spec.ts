import { DomainError } from '../errors/domain-error.js';
import { assertVersion, missedWriteError, versionGuard } from './row-version.js';

describe('row versions', () => {
  test('the guard adds the version only when the caller sent one', () => {
    expect(versionGuard('a', undefined)).toEqual({ id: 'a' });
    expect(versionGuard('a', 3)).toEqual({ id: 'a', version: 3 });
  });

  test('a write that matched nothing is explained from the row as it is now', () => {
    expect(missedWriteError('Contact', 'a', 3, null).code).toBe('not_found');
    const stale = missedWriteError('Contact', 'a', 3, { version: 5 });
    expect(stale.code).toBe('precondition_failed');
    expect(stale.details.currentVersion).toBe(5);
    expect(stale.message).toContain('version 5, not 3');
    expect(missedWriteError('Ticket', 'a', 5, { version: 5 }, () => DomainError.conflict('status moved')).message).toBe('status moved');
    expect(missedWriteError('Ticket', 'a', undefined, { version: 5 }).code).toBe('conflict');
  });

  test('an early check refuses a stale version and lets a matching or absent one pass', () => {
    expect(() => assertVersion('Deal', 'a', 2, { version: 3 })).toThrow(DomainError);
    expect(() => assertVersion('Deal', 'a', 3, { version: 3 })).not.toThrow();
    expect(() => assertVersion('Deal', 'a', undefined, { version: 3 })).not.toThrow();
  });
});
