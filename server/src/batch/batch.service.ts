import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { authorize } from '../common/auth/policy.js';
import { DomainError, type FieldIssue } from '../common/errors/domain-error.js';
import { toDomainError } from '../common/errors/to-domain-error.js';
import { CompaniesService } from '../companies/companies.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { TenantDb } from '../database/tenant-db.js';
import type { TenantTx } from '../database/tenant-tx.js';
import { DealsService } from '../deals/deals.service.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import type { RecordKind, RecordRef } from '../events/record-change.js';
import { LeadsService } from '../leads/leads.service.js';
import { BATCH_KINDS, BATCH_PLURALS, MAX_BATCH_ITEMS, type BatchPlural } from './batch-kinds.js';
import type { BatchInput, BatchOutput } from './batch.schemas.js';

type Item = Record<string, unknown>;
type UpdateItem = Item & { id: string; expectedVersion?: number };

/** How one kind is written inside the batch's transaction: the services' own createWith/updateWith. */
interface BatchWriter {
  kind: RecordKind;
  create(tx: TenantTx, principal: Principal, input: Item): Promise<{ id: string }>;
  update(tx: TenantTx, principal: Principal, id: string, input: Item, expectedVersion?: number): Promise<{ id: string }>;
}

/**
 * Creates and updates up to 100 records of several kinds as ONE change: one `TenantDb.write`
 * transaction (one audited change set, undone by one undo), all or nothing. Every item is
 * checked before anything is written, so a refusal names every failing item by index and
 * field; a failure only the database can see (a taken email, a missing id) names its item.
 */
@Injectable()
export class BatchService {
  private readonly writers: Record<BatchPlural, BatchWriter>;

  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
    @Inject(CompaniesService) companies: CompaniesService,
    @Inject(ContactsService) contacts: ContactsService,
    @Inject(LeadsService) leads: LeadsService,
    @Inject(DealsService) deals: DealsService,
  ) {
    // Casts: the batch schemas (BATCH_KINDS) validated each item as that service's input.
    this.writers = {
      companies: {
        kind: 'company',
        create: (tx, principal, input) => companies.createWith(tx, principal, input as never),
        update: (tx, _principal, id, input, version) => companies.updateWith(tx, id, input as never, version),
      },
      contacts: {
        kind: 'contact',
        create: (tx, principal, input) => contacts.createWith(tx, principal, input as never),
        update: (tx, _principal, id, input, version) => contacts.updateWith(tx, id, input as never, version),
      },
      leads: {
        kind: 'lead',
        create: (tx, principal, input) => leads.createWith(tx, principal, input as never),
        update: (tx, _principal, id, input, version) => leads.updateWith(tx, id, input as never, version),
      },
      deals: {
        kind: 'deal',
        create: (tx, principal, input) => deals.createWith(tx, principal, input as never),
        update: (tx, _principal, id, input, version) => deals.updateWith(tx, id, input as never, version),
      },
    };
  }

  async run(principal: Principal, input: BatchInput): Promise<BatchOutput> {
    authorize(principal, 'crm:write');
    const issues = batchIssues(input);
    if (issues.length > 0) throw DomainError.validation(issues);
    const output = await this.changes.after(principal, touchedBy(this.writers), this.db.write(principal, async (tx) => {
      const result: Record<string, { created: unknown[]; updated: unknown[] }> = {};
      for (const plural of BATCH_PLURALS) {
        const part = input[plural];
        if (!part) continue;
        const writer = this.writers[plural];
        const created: unknown[] = [];
        const updated: unknown[] = [];
        for (const [index, item] of (part.create ?? []).entries()) {
          created.push(await atItem(`${plural}.create.${index}`, () => writer.create(tx, principal, item as Item)));
        }
        for (const [index, item] of (part.update ?? []).entries()) {
          const { id, expectedVersion, ...changes } = item as UpdateItem;
          updated.push(await atItem(`${plural}.update.${index}`, () => writer.update(tx, principal, id, changes, expectedVersion)));
        }
        result[plural] = { created, updated };
      }
      return result;
    }));
    return output as BatchOutput;
  }
}

/**
 * The same failure for a one-kind REST body (`{create, update}`): paths relative to that body
 * (`create.1.email`, as its schema errors read), not to the multi-kind batch.
 */
export function relativeToKind(error: unknown, plural: BatchPlural): unknown {
  if (!(error instanceof DomainError) || !error.details.errors) return error;
  const prefix = `${plural}.`;
  const strip = (text: string) => (text.startsWith(prefix) ? text.slice(prefix.length) : text);
  const errors = error.details.errors.map((issue) => ({ ...issue, path: strip(issue.path) }));
  if (error.code === 'validation_failed') return DomainError.validation(errors);
  return new DomainError(error.code, strip(error.message), { ...error.details, errors });
}

/** Everything wrong with the batch that needs no database: its size, and each item's own rules. */
export function batchIssues(input: BatchInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const count = BATCH_PLURALS.reduce((sum, plural) => sum + (input[plural]?.create?.length ?? 0) + (input[plural]?.update?.length ?? 0), 0);
  if (count === 0) issues.push({ path: '', message: 'the batch is empty: give at least one item to create or update' });
  if (count > MAX_BATCH_ITEMS) {
    issues.push({ path: '', message: `the batch has ${count} items; at most ${MAX_BATCH_ITEMS} (creates and updates of all kinds together) fit in one call, so split it` });
  }
  for (const plural of BATCH_PLURALS) {
    const check = (BATCH_KINDS[plural] as { createIssues?: (item: unknown) => FieldIssue[] }).createIssues;
    input[plural]?.create?.forEach((item, index) => {
      for (const issue of check?.(item) ?? []) issues.push({ ...issue, path: `${plural}.create.${index}.${issue.path}` });
    });
  }
  issues.push(...repeatedEmails(input));
  return issues;
}

/** Two items giving contacts the same email would fail on the unique index: name both up front. */
function repeatedEmails(input: BatchInput): FieldIssue[] {
  const first = new Map<string, string>();
  const issues: FieldIssue[] = [];
  const items = [
    ...(input.contacts?.create ?? []).map((item, index) => [`contacts.create.${index}`, item.email] as const),
    ...(input.contacts?.update ?? []).map((item, index) => [`contacts.update.${index}`, item.email] as const),
  ];
  for (const [path, email] of items) {
    if (!email) continue;
    const key = email.toLowerCase();
    const earlier = first.get(key);
    if (earlier) issues.push({ path: `${path}.email`, message: `repeats the email of ${earlier}; emails are unique per workspace` });
    else first.set(key, path);
  }
  return issues;
}

/**
 * Runs one item's write; a failure is re-raised naming the item (`deals.create.3`), with the
 * same code (so REST answers the same status a single write would), and saying nothing was kept.
 */
async function atItem<T>(path: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const domain = toDomainError(error);
    if (!domain) throw error;
    if (domain.code === 'validation_failed' && domain.details.errors) {
      throw DomainError.validation(domain.details.errors.map((issue) => ({ ...issue, path: issue.path ? `${path}.${issue.path}` : path })));
    }
    if (domain.code === 'unavailable') throw domain;
    const where = domain.details.field ? `${path}.${domain.details.field}` : path;
    throw new DomainError(domain.code, `${path}: ${domain.message} Nothing in this batch was written.`, {
      ...domain.details,
      errors: [{ path: where, message: domain.message }],
    });
  }
}

/** The records a committed batch touched, for MCP subscribers. */
function touchedBy(writers: Record<BatchPlural, BatchWriter>) {
  return (output: Record<string, { created: unknown[]; updated: unknown[] }>): RecordRef[] =>
    BATCH_PLURALS.flatMap((plural) => {
      const part = output[plural];
      if (!part) return [];
      return [...part.created, ...part.updated].map((record) => ({ kind: writers[plural].kind, id: (record as { id: string }).id }));
    });
}
