import { DomainError } from '../errors/domain-error.js';
import { cursorScope, decodeCursor, encodeCursor } from './cursor.js';

const position = { key: '2026-12-01T10:00:00.000Z', id: '6f1c1f5e-6f0e-4a39-9a59-3f1a2d1c9b10' };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const issues = (error as DomainError).details.errors ?? [];
    expect(issues.map((issue) => issue.path)).toEqual(['cursor']);
    return issues[0]!.message;
  }
  throw new Error('expected a refusal');
}

describe('list cursors', () => {
  const query = { q: 'acme', status: ['OPEN', 'CLOSED'], limit: 5, includeTotal: true, cursor: 'x', sort: 'createdAt' };
  const scope = cursorScope(query, 'createdAt', 'desc');

  test('a cursor reads back under the same sort, direction and filters, whatever the page size', () => {
    const cursor = encodeCursor(scope, position);
    expect(decodeCursor(cursor, cursorScope({ ...query, limit: 50, includeTotal: false, cursor: 'y' }, 'createdAt', 'desc')))
      .toEqual(position);
    // Filter lists are sets: their order does not matter.
    expect(decodeCursor(cursor, cursorScope({ ...query, status: ['CLOSED', 'OPEN'] }, 'createdAt', 'desc'))).toEqual(position);
  });

  test('another sort, direction or filter set is refused and told to start over', () => {
    const cursor = encodeCursor(scope, position);
    expect(refusal(() => decodeCursor(cursor, cursorScope(query, 'updatedAt', 'desc')))).toContain('sort=createdAt, not sort=updatedAt');
    expect(refusal(() => decodeCursor(cursor, cursorScope(query, 'createdAt', 'asc')))).toContain('direction=desc');
    const other = refusal(() => decodeCursor(cursor, cursorScope({ ...query, q: 'globex' }, 'createdAt', 'desc')));
    expect(other).toContain('drop the cursor and request the first page again');
    expect(refusal(() => decodeCursor(cursor, cursorScope({ ...query, ownerId: position.id }, 'createdAt', 'desc'))))
      .toContain('other filters');
  });

  test.each([['garbage'], [Buffer.from('[1,2]').toString('base64url')], [Buffer.from('{"s":"createdAt"}').toString('base64url')]])(
    'garbage %p is refused',
    (cursor) => expect(refusal(() => decodeCursor(cursor, scope))).toContain('is not a cursor this API issued'),
  );

  test('the cursor does not show the filters it was made for', () => {
    const text = Buffer.from(encodeCursor(scope, position), 'base64url').toString('utf8');
    expect(text).not.toContain('acme');
  });
});
