import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsDirectory } from '../server/src/database/migrations-path.js';
import { applyMigrations, readMigrations } from '../server/src/database/migrator.js';
import { schemaFacts } from './support/dmmf-model.js';
import { PARTIAL_INDEXES } from './support/partial-indexes.js';
import { diffSchemas, expressionIndexes, introspectSchema } from './support/schema-introspection.js';
import { openTestConnection, type TestConnection } from './support/test-database.js';

// The Prisma schema engine cannot run here, so the check is ours: schema.prisma (through
// Prisma's WASM parser) and the migrated database are both rendered as one-line facts.
const TIMEOUT = 60_000;
const schemaText = readFileSync(join(migrationsDirectory(), '..', 'schema.prisma'), 'utf8');
// What schema.prisma asks for, with the partial indexes it can only name in comments.
const described = (schema: string) => [...schemaFacts(schema), ...PARTIAL_INDEXES].sort();

let db: TestConnection;
let migrated: string[];
let byExpression: string[];
beforeAll(async () => {
  db = await openTestConnection();
  [migrated, byExpression] = await db.connection.withSession(async (session) => {
    await applyMigrations(session, readMigrations(migrationsDirectory()));
    return Promise.all([introspectSchema(session), expressionIndexes(session)]);
  });
}, TIMEOUT);
afterAll(() => db?.close(), TIMEOUT);

test('the migrations produce exactly the schema that schema.prisma describes', () => {
  // On failure Jest prints both lists as a diff: "-" lines only schema.prisma has, "+" lines only the database has.
  expect(migrated).toEqual(described(schemaText));
  // Guards against both sides silently rendering nothing.
  expect(migrated).toEqual(expect.arrayContaining([
    'column Deal.value numeric(19,4) NOT NULL',
    'column Deal.currency character(3) NOT NULL',
    'column Deal.expectedCloseDate date NULL',
    "column Membership.role Role NOT NULL DEFAULT 'MEMBER'",
    'column Tenant.createdAt timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP',
    'enum TicketStatus (OPEN, IN_PROGRESS, WAITING, RESOLVED, CLOSED)',
    'extension pg_trgm',
    'index Contact.Contact_searchText_idx USING gin (searchText gin_trgm_ops)',
    'index Deal.Deal_tenantId_createdAt_id_idx (tenantId, createdAt DESC, id DESC)',
    'primary key User.User_pkey (id)',
    'unique index User.User_email_key (email)',
    'foreign key Deal.Deal_tenantId_pipelineId_stageId_fkey (tenantId, pipelineId, stageId) -> Stage (tenantId, pipelineId, id) ON DELETE RESTRICT ON UPDATE CASCADE',
  ]));
});

test('the case-insensitive name and domain indexes, which schema.prisma cannot describe, exist', () => {
  expect(byExpression).toEqual([
    'unique index Company.Company_tenantId_lower_domain_key USING btree (tenantId, lower(domain)) WHERE (deletedAt IS NULL)',
    'unique index Pipeline.Pipeline_tenantId_lower_name_key USING btree (tenantId, lower(name))',
    'unique index Stage.Stage_pipelineId_lower_name_key USING btree (pipelineId, lower(name))',
  ]);
});

describe('the comparison notices a schema.prisma that drifted from the migrations', () => {
  const drifted = (from: string, to: string) => {
    expect(schemaText).toContain(from);
    return diffSchemas(described(schemaText.replace(from, to)), migrated);
  };

  test('an added field', () => {
    const diff = drifted('  jobTitle    String?\n', '  jobTitle    String?\n  nickname    String?\n');
    expect(diff).toEqual({ onlyInSchema: ['column Contact.nickname text NULL'], onlyInDatabase: [] });
  });

  test('a dropped index', () => {
    const diff = drifted('  @@index([tenantId, company])\n', '');
    expect(diff).toEqual({
      onlyInSchema: [],
      onlyInDatabase: ['index Contact.Contact_tenantId_company_idx (tenantId, company)'],
    });
  });

  test('a changed native type, default, enum value and referential action', () => {
    const diff = diffSchemas(
      described(
        schemaText
          .replace('@db.Decimal(19, 4)', '@db.Decimal(18, 2)')
          .replace('lastName    String   @default("")', 'lastName    String   @default("-")')
          .replace('  URGENT\n', '  URGENT\n  CRITICAL\n')
          .replace(
            'contact        Contact?    @relation(fields: [tenantId, contactId], references: [tenantId, id], onDelete: Restrict)',
            'contact        Contact?    @relation(fields: [tenantId, contactId], references: [tenantId, id], onDelete: NoAction)',
          ),
      ),
      migrated,
    );
    expect(diff.onlyInSchema).toEqual([
      "column Contact.lastName text NOT NULL DEFAULT '-'",
      'column Deal.value numeric(18,2) NOT NULL',
      'enum TicketPriority (LOW, MEDIUM, HIGH, URGENT, CRITICAL)',
      'foreign key Deal.Deal_tenantId_contactId_fkey (tenantId, contactId) -> Contact (tenantId, id) ON DELETE NO ACTION ON UPDATE CASCADE',
    ]);
    expect(diff.onlyInDatabase).toHaveLength(4);
  });
});

test('the comparison notices a migration that drifted from schema.prisma', async () => {
  // Changed inside a transaction that is rolled back, so the shared database stays as migrated.
  const drifted = await db.connection.withSession(async (session) => {
    await session.exec('BEGIN');
    try {
      await session.exec(`
        ALTER TABLE "Ticket" ALTER COLUMN "subject" DROP NOT NULL;
        CREATE INDEX "Ticket_description_idx" ON "Ticket" ("description") WHERE "description" IS NOT NULL;
        ALTER TABLE "Lead" DROP CONSTRAINT "Lead_tenantId_convertedDealId_fkey";`);
      return await introspectSchema(session);
    } finally {
      await session.exec('ROLLBACK');
    }
  });
  expect(diffSchemas(described(schemaText), drifted)).toEqual({
    onlyInSchema: [
      'column Ticket.subject text NOT NULL',
      'foreign key Lead.Lead_tenantId_convertedDealId_fkey (tenantId, convertedDealId) -> Deal (tenantId, id) ON DELETE RESTRICT ON UPDATE CASCADE',
    ],
    onlyInDatabase: [
      'column Ticket.subject text NULL',
      'index Ticket.Ticket_description_idx (description) WHERE (description IS NOT NULL)',
    ],
  });
}, TIMEOUT);
