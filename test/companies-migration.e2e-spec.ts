import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationsDirectory } from '../server/src/database/migrations-path.js';
import { applyMigrations, readMigrations } from '../server/src/database/migrator.js';
import type { SqlSession } from '../server/src/database/sql-session.js';
import { openTestConnection, type TestConnection } from './support/test-database.js';

// The migration that turns Contact.company text into Company records, run on data written
// before it: the migrations before it are applied from a copy, rows are inserted with plain
// SQL (the app's code of that time), then the migration runs.
const COMPANIES_MIGRATION = '20261201151000_companies_and_search';
const TIMEOUT = 120_000;

let db: TestConnection;
let before: string;
let upTo: string;

beforeAll(async () => {
  db = await openTestConnection();
  before = mkdtempSync(join(tmpdir(), 'synapse-before-companies-'));
  upTo = mkdtempSync(join(tmpdir(), 'synapse-with-companies-'));
  const names = readMigrations(migrationsDirectory()).map((migration) => migration.name);
  expect(names).toContain(COMPANIES_MIGRATION);
  for (const name of names) {
    if (name < COMPANIES_MIGRATION) cpSync(join(migrationsDirectory(), name), join(before, name), { recursive: true });
    if (name <= COMPANIES_MIGRATION) cpSync(join(migrationsDirectory(), name), join(upTo, name), { recursive: true });
  }
}, TIMEOUT);
afterAll(async () => {
  await db?.close();
  for (const folder of [before, upTo]) if (folder) rmSync(folder, { recursive: true, force: true });
}, TIMEOUT);

const session = <T>(work: (s: SqlSession) => Promise<T>) => db.connection.withSession(work);

// Fixed ids keep the expectations readable.
const T1 = '00000000-0000-7000-8000-000000000001';
const T2 = '00000000-0000-7000-8000-000000000002';
const U1 = '00000000-0000-7000-8000-0000000000a1';
const U2 = '00000000-0000-7000-8000-0000000000a2';
const contactId = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

interface Row { id: string; tenantId: string; company: string | null; companyId: string | null; version: number }

test('every distinct free-text company of a workspace becomes one company; contacts are linked and keep their text', async () => {
  await session((s) => applyMigrations(s, readMigrations(before)));
  // [n, tenant, creator, company text, createdAt offset in minutes]
  const contacts: [number, string, string, string | null, number][] = [
    [1, T1, U1, 'Acme Ltd', 0],
    [2, T1, U2, 'ACME LTD', 1],
    [3, T1, U1, '  acme ltd ', 2],
    [4, T1, U1, 'ACME LTD', 3],
    [5, T1, U1, 'Globex', 4],
    [6, T1, U1, null, 5],
    [7, T1, U1, '   ', 6],
    [8, T2, U2, 'acme ltd', 7],
    [9, T2, U2, 'Initech', 8],
    [10, T1, U2, 'Ünïcode GmbH', 9],
    [11, T1, U1, 'ünïcode gmbh', 10],
  ];
  await session(async (s) => {
    await s.query(`INSERT INTO "Tenant" (id, name, "updatedAt") VALUES ($1, 'One', now()), ($2, 'Two', now())`, [T1, T2]);
    await s.query(
      `INSERT INTO "User" (id, email, "passwordHash", name, "updatedAt") VALUES ($1, 'u1@example.test', 'x', 'U1', now()), ($2, 'u2@example.test', 'x', 'U2', now())`,
      [U1, U2],
    );
    for (const [n, tenant, creator, company, minutes] of contacts) {
      await s.query(
        `INSERT INTO "Contact" (id, "tenantId", "firstName", company, "createdById", "createdAt", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, timestamptz '2026-01-01T00:00:00Z' + make_interval(mins => $6), now())`,
        [contactId(n), tenant, `Person ${n}`, company, creator, minutes],
      );
    }
  });

  const report = await session((s) => applyMigrations(s, readMigrations(upTo)));
  expect(report.applied).toEqual([COMPANIES_MIGRATION]);

  const companies = await session((s) =>
    s.query<{ id: string; tenantId: string; name: string; createdById: string; version: number; domain: string | null; deletedAt: Date | null }>(
      `SELECT id, "tenantId", name, "createdById", version, domain, "deletedAt" FROM "Company" ORDER BY "tenantId", name`,
    ),
  );
  // The spelling most contacts used wins ("ACME LTD": 2 of 4); ties go to the earliest contact's.
  expect(companies.map(({ tenantId, name, createdById }) => ({ tenantId, name, createdById }))).toEqual([
    { tenantId: T1, name: 'ACME LTD', createdById: U1 },
    { tenantId: T1, name: 'Globex', createdById: U1 },
    { tenantId: T1, name: 'Ünïcode GmbH', createdById: U2 },
    { tenantId: T2, name: 'Initech', createdById: U2 },
    { tenantId: T2, name: 'acme ltd', createdById: U2 },
  ]);
  for (const company of companies) expect(company).toMatchObject({ version: 1, domain: null, deletedAt: null });

  const rows = await session((s) => s.query<Row>(`SELECT id, "tenantId", company, "companyId", version FROM "Contact" ORDER BY id`));
  const companyOf = (tenantId: string, name: string) => companies.find((c) => c.tenantId === tenantId && c.name === name)!.id;
  const expected: Record<number, string | null> = {
    1: companyOf(T1, 'ACME LTD'), 2: companyOf(T1, 'ACME LTD'), 3: companyOf(T1, 'ACME LTD'), 4: companyOf(T1, 'ACME LTD'),
    5: companyOf(T1, 'Globex'), 6: null, 7: null, 8: companyOf(T2, 'acme ltd'), 9: companyOf(T2, 'Initech'),
    10: companyOf(T1, 'Ünïcode GmbH'), 11: companyOf(T1, 'Ünïcode GmbH'),
  };
  for (const [n, , , company] of contacts) {
    const row = rows.find((r) => r.id === contactId(n))!;
    // Nothing is lost: the text is exactly as it was, and only linked contacts moved their version.
    expect({ n, company: row.company, companyId: row.companyId, version: row.version })
      .toEqual({ n, company, companyId: expected[n], version: expected[n] ? 2 : 1 });
  }
  // A company never links a contact of another workspace (the composite key would refuse it too).
  for (const row of rows.filter((r) => r.companyId)) {
    expect(companies.find((c) => c.id === row.companyId)!.tenantId).toBe(row.tenantId);
  }
}, TIMEOUT);
