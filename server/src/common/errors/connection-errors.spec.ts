import { isConnectionFailure } from './connection-errors.js';
import { toDomainError } from './to-domain-error.js';

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

test.each([
  ['a refused socket', withCode('ECONNREFUSED', 'connect ECONNREFUSED 10.1.2.3:5432')],
  ['a reset socket', withCode('ECONNRESET')],
  ['57P01 admin_shutdown', withCode('57P01', 'terminating connection due to administrator command')],
  ['57P03 cannot_connect_now', withCode('57P03', 'the database system is starting up')],
  ['a class 08 SQLSTATE', withCode('08006')],
  ['pg\'s terminated connection', new Error('Connection terminated unexpectedly')],
  ['a pool timeout', new Error('timeout exceeded when trying to connect')],
  ['a closed PGlite', new Error('PGlite is closed')],
  ['Prisma P1001', withCode('P1001')],
  ['Prisma wrapping a driver-adapter error', Object.assign(new Error('x'), { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } })],
  ['a postgres error kept as originalCode', Object.assign(new Error('x'), { cause: { kind: 'postgres', originalCode: '57P01' } })],
  ['a connect error aggregated over addresses', Object.assign(new AggregateError([withCode('ECONNREFUSED')], ''), {})],
])('%s is a connection failure, answered 503 with a retry hint', (_name, error) => {
  expect(isConnectionFailure(error)).toBe(true);
  const domainError = toDomainError(error);
  expect(domainError).toMatchObject({ code: 'unavailable', details: { retryAfterSeconds: expect.any(Number) } });
  // The driver's words (hosts, ports) never reach the client.
  expect(domainError!.message).not.toContain('10.1.2.3');
  expect(domainError!.message).toMatch(/Retry in \d+ seconds/);
});

test.each([
  ['a unique violation', withCode('23505')],
  ['a syntax error', withCode('42601')],
  ['a plain bug', new TypeError('cannot read properties of undefined')],
  ['Prisma P2002', withCode('P2002')],
])('%s is not', (_name, error) => {
  expect(isConnectionFailure(error)).toBe(false);
});
