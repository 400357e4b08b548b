import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { IncomingMessage } from 'node:http';
import { REDACTED_PATHS, requestLogFields } from './logging.module.js';

test('credentials never reach a log line', () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } });
  const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  logger.info({
    req: { headers: { authorization: 'Bearer eyJ-access', cookie: 'sid=cookie-value', 'x-api-key': 'key-value' } },
    res: { headers: { 'set-cookie': 'sid=new-cookie' } },
    input: { email: 'a@b.test', password: 'pass-value', refreshToken: 'refresh-value' },
    session: { accessToken: 'access-value', token: 'token-value', secret: 'secret-value' },
  }, 'request');
  const output = lines.join('');
  for (const secret of ['eyJ-access', 'cookie-value', 'key-value', 'new-cookie', 'pass-value', 'refresh-value', 'access-value', 'token-value', 'secret-value']) {
    expect(output).not.toContain(secret);
  }
  expect(output).toContain('a@b.test');
  expect(output).toContain('[redacted]');
});

test('request log fields keep the path, and leave out headers and the query string', () => {
  const req = {
    id: 'req-1',
    method: 'GET',
    url: '/api/contacts?q=jane.smith%40example.test&limit=25',
    headers: { authorization: 'Bearer eyJ-access' },
  } as unknown as IncomingMessage & { id: string };
  const fields = requestLogFields(req);
  expect(fields).toEqual({ id: 'req-1', method: 'GET', path: '/api/contacts' });
  expect(JSON.stringify(fields)).not.toContain('jane.smith');
});
