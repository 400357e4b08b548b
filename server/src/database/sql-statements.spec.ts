import { splitStatements } from './sql-statements.js';

const texts = (script: string) => splitStatements(script).map((statement) => statement.text);

test('splits at top-level semicolons and points each statement at its first character', () => {
  const script = '-- header\nCREATE TABLE a (id int);\n\n  CREATE INDEX b ON a (id);\n';
  const statements = splitStatements(script);
  expect(statements.map((statement) => statement.text)).toEqual(['CREATE TABLE a (id int);', 'CREATE INDEX b ON a (id);']);
  for (const statement of statements) {
    expect(script.slice(statement.offset, statement.offset + statement.text.length)).toBe(statement.text);
  }
});

test('keeps semicolons inside strings, quoted identifiers, comments and dollar-quoted bodies', () => {
  const script = [
    "INSERT INTO t VALUES ('a;b', 'it''s; fine');",
    'CREATE TABLE "odd;name" (x int); /* a; /* nested; */ still comment; */',
    'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;',
    'DO $$ BEGIN PERFORM 1; END $$;',
    '-- trailing; comment only',
  ].join('\n');
  expect(texts(script)).toEqual([
    "INSERT INTO t VALUES ('a;b', 'it''s; fine');",
    'CREATE TABLE "odd;name" (x int);',
    'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;',
    'DO $$ BEGIN PERFORM 1; END $$;',
  ]);
});

test('keeps a last statement without a semicolon, and drops comment-only scripts', () => {
  expect(texts('SELECT 1;\nSELECT 2')).toEqual(['SELECT 1;', 'SELECT 2']);
  expect(texts('-- nothing here;\n/* nor; here */\n')).toEqual([]);
});
