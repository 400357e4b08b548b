import { randomBytes } from 'node:crypto';
import { contactSearchText } from '../../server/src/contacts/contacts.search-text.js';
import type { SqlRunner } from './bench-server.js';
import type { HttpClient } from './load.js';
import { seedTasks } from './seed-tasks.js';

export interface SeededTenant {
  label: string;
  token: string;
  userId: string;
  tenantId: string;
  contacts: number;
  companies: number;
  deals: number;
}

// Spelling these out keeps the search terms' selectivity known: "gmail" matches about a
// fifth of the contacts, a last name such as "kowalski" about 1/60.
const FIRST = ['olivia', 'liam', 'emma', 'noah', 'ava', 'elijah', 'sophia', 'mateo', 'isabella', 'lucas', 'mia', 'levi', 'amelia', 'ezra',
  'harper', 'asher', 'evelyn', 'leo', 'luna', 'james', 'ella', 'luca', 'aria', 'henry', 'nora', 'hudson', 'chloe', 'ethan', 'zoe', 'jack'];
const LAST = ['smith', 'johnson', 'williams', 'brown', 'jones', 'garcia', 'miller', 'davis', 'rodriguez', 'martinez', 'hernandez', 'lopez',
  'gonzalez', 'wilson', 'anderson', 'thomas', 'taylor', 'moore', 'jackson', 'martin', 'lee', 'perez', 'thompson', 'white', 'harris',
  'sanchez', 'clark', 'ramirez', 'lewis', 'robinson', 'walker', 'young', 'allen', 'king', 'wright', 'scott', 'torres', 'nguyen', 'hill',
  'flores', 'green', 'adams', 'nelson', 'baker', 'hall', 'rivera', 'campbell', 'mitchell', 'carter', 'roberts', 'kowalski', 'novak',
  'dubois', 'rossi', 'silva', 'jensen', 'murphy', 'schmidt', 'tanaka', 'okafor'];
const COMPANY_HEADS = ['north', 'blue', 'bright', 'iron', 'silver', 'green', 'red', 'swift', 'clear', 'true', 'deep', 'high'];
const COMPANY_TAILS = ['wind', 'field', 'stone', 'bridge', 'works', 'labs', 'logic', 'point', 'path', 'forge'];
const PERSONAL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me'];
const JOBS = ['CEO', 'CTO', 'Head of Sales', 'Buyer', 'Engineer', 'Office Manager', 'Procurement Lead', null];
const SECTORS = ['Analytics', 'Systems', 'Foods', 'Logistics', 'Health', 'Energy', 'Capital', 'Media', 'Robotics', 'Textiles'];
const INDUSTRIES = ['Software', 'Manufacturing', 'Retail', 'Finance', 'Healthcare', 'Logistics', 'Energy', 'Media'];
const PRODUCTS = ['renewal', 'expansion', 'pilot', 'enterprise plan', 'support contract', 'onboarding'];
// Share of deals per stage of the default pipeline (by name).
const STAGE_WEIGHTS: Record<string, number> = {
  Prospecting: 30, Qualification: 20, Proposal: 15, Negotiation: 10, 'Closed Won': 15, 'Closed Lost': 10,
};
const BATCH = 5_000;
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Deterministic data: runs are comparable. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Time-ordered ids like the app's uuid(7) defaults. */
export function uuidv7(atMs: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(atMs, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * One tenant: signed up through the API (tenant, owner, default pipeline exactly as the
 * app makes them), then companies, contacts and deals bulk-inserted with the invariants the
 * services keep (searchText, lower-cased emails and normalized unique domains, valid stages,
 * closedAt on closed stages).
 */
export async function seedTenant(
  http: HttpClient, sql: SqlRunner, label: string, counts: { contacts: number; deals: number; companies?: number; tasks?: number }, seed: number,
): Promise<SeededTenant> {
  const email = `bench-${label.toLowerCase()}-${Date.now().toString(36)}@example.test`;
  const password = 'bench password 0123456789';
  const json = { 'content-type': 'application/json' };
  // Sign-up answers 202 alike for new and taken emails (ADR 0036); the session comes from sign-in.
  const signedUp = await http.request('POST', '/api/auth/sign-up', json, JSON.stringify({ email, password, name: `Bench ${label}`, company: `Bench ${label} Inc` }));
  if (signedUp.status !== 202) throw new Error(`sign-up failed: ${signedUp.status} ${signedUp.body}`);
  const response = await http.request('POST', '/api/auth/sign-in', json, JSON.stringify({ email, password }));
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.body}`);
  const session = JSON.parse(response.body) as { accessToken: string; user: { id: string }; tenant: { id: string } };
  const tenantId = session.tenant.id;
  const userId = session.user.id;
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const now = Date.now();

  // Companies: "Northwind Analytics 17", domain "northwind-17.com"; each head+tail pair is
  // about 1/120 of them, like the contacts' company labels.
  const companyIds: string[] = [];
  const companies = counts.companies ?? 0;
  for (let start = 0; start < companies; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, companies - start) }, (_, offset) => {
      const index = start + offset;
      const createdAt = Math.floor(now - random() * YEAR_MS);
      const base = `${pick(COMPANY_HEADS)}${pick(COMPANY_TAILS)}`;
      const id = uuidv7(createdAt);
      companyIds.push(id);
      return {
        id, name: `${capital(base)} ${pick(SECTORS)} ${index}`, domain: `${base}-${index}.com`, industry: pick(INDUSTRIES),
        employees: Math.floor(random() * 5_000), createdAt: new Date(createdAt).toISOString(),
      };
    });
    await sql.query(
      `INSERT INTO "Company" ("id","tenantId","name","domain","industry","employeeCount","createdById","createdAt","updatedAt")
       SELECT id, $1::uuid, n, d, i, e, $2::uuid, t, t
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::timestamptz[]) AS r(id, n, d, i, e, t)`,
      [tenantId, userId, rows.map((r) => r.id), rows.map((r) => r.name), rows.map((r) => r.domain), rows.map((r) => r.industry),
        rows.map((r) => r.employees), rows.map((r) => r.createdAt)],
    );
  }

  const contactIds: string[] = [];
  for (let start = 0; start < counts.contacts; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, counts.contacts - start) }, (_, offset) => {
      const index = start + offset;
      const createdAt = Math.floor(now - random() * YEAR_MS);
      const firstName = capital(pick(FIRST));
      const lastName = capital(pick(LAST));
      const company = `${capital(pick(COMPANY_HEADS))}${pick(COMPANY_TAILS)}`;
      const domain = random() < 0.75 ? pick(PERSONAL_DOMAINS) : `${company.toLowerCase()}.com`;
      const fields = {
        firstName,
        lastName,
        email: `${firstName}.${lastName}.${index}@${domain}`.toLowerCase(),
        phone: random() < 0.7 ? `+1 555 ${String(Math.floor(random() * 1e7)).padStart(7, '0')}` : null,
        company: random() < 0.9 ? company : null,
      };
      const id = uuidv7(createdAt);
      contactIds.push(id);
      const companyId = companyIds.length > 0 && random() < 0.8 ? pick(companyIds) : null;
      return [id, fields, pick(JOBS), new Date(createdAt).toISOString(), companyId] as const;
    });
    await sql.query(
      `INSERT INTO "Contact" ("id","tenantId","firstName","lastName","email","phone","company","jobTitle","ownerId","searchText","createdById","createdAt","updatedAt","companyId")
       SELECT id, $1::uuid, f, l, e, p, c, j, $2::uuid, s, $2::uuid, t, t, co
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::uuid[])
         AS r(id, f, l, e, p, c, j, s, t, co)`,
      [tenantId, userId,
        rows.map((r) => r[0]), rows.map((r) => r[1].firstName), rows.map((r) => r[1].lastName), rows.map((r) => r[1].email),
        rows.map((r) => r[1].phone), rows.map((r) => r[1].company), rows.map((r) => r[2]),
        rows.map((r) => contactSearchText(r[1])), rows.map((r) => r[3]), rows.map((r) => r[4])],
    );
  }

  const stages = (await sql.query(`SELECT "id", "pipelineId", "name", "kind" FROM "Stage" WHERE "tenantId" = $1`, [tenantId])) as unknown[][];
  const weighted = stages.flatMap((stage) => Array.from({ length: STAGE_WEIGHTS[String(stage[2])] ?? 0 }, () => stage));
  if (weighted.length === 0) throw new Error('The tenant has no default pipeline stages to place deals in.');
  for (let start = 0; start < counts.deals; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, counts.deals - start) }, () => {
      const createdAt = Math.floor(now - random() * YEAR_MS);
      const [stageId, pipelineId, , kind] = pick(weighted) as [string, string, string, string];
      const closedAt = kind === 'OPEN' ? null : new Date(createdAt + random() * (now - createdAt)).toISOString();
      return {
        id: uuidv7(createdAt),
        title: `${capital(pick(COMPANY_HEADS))}${pick(COMPANY_TAILS)} ${pick(PRODUCTS)}`,
        value: (500 + random() * 99_500).toFixed(2),
        close: new Date(createdAt + random() * YEAR_MS).toISOString().slice(0, 10),
        closedAt,
        pipelineId,
        stageId,
        contactId: random() < 0.8 ? pick(contactIds) : null,
        createdAt: new Date(createdAt).toISOString(),
      };
    });
    await sql.query(
      `INSERT INTO "Deal" ("id","tenantId","title","value","currency","expectedCloseDate","closedAt","pipelineId","stageId","contactId","ownerId","createdById","createdAt","updatedAt")
       SELECT id, $1::uuid, ti, v, 'USD', d, ca, pi, si, co, $2::uuid, $2::uuid, t, t
       FROM unnest($3::uuid[], $4::text[], $5::numeric[], $6::date[], $7::timestamptz[], $8::uuid[], $9::uuid[], $10::uuid[], $11::timestamptz[])
         AS r(id, ti, v, d, ca, pi, si, co, t)`,
      [tenantId, userId, rows.map((r) => r.id), rows.map((r) => r.title), rows.map((r) => r.value), rows.map((r) => r.close),
        rows.map((r) => r.closedAt), rows.map((r) => r.pipelineId), rows.map((r) => r.stageId), rows.map((r) => r.contactId),
        rows.map((r) => r.createdAt)],
    );
  }
  await seedTasks(sql, { tenantId, userId }, contactIds, counts.tasks ?? 0, random);
  return { label, token: session.accessToken, userId, tenantId, contacts: counts.contacts, companies, deals: counts.deals };
}
