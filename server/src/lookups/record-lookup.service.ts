import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { escapeLike } from '../common/text/escape-like.js';
import { TenantDb } from '../database/tenant-db.js';
import type { RecordKind } from '../events/record-change.js';
import { completionPage, MAX_COMPLETIONS, type CompletionPage } from './completion-page.js';
import { uuidPrefixRange } from './uuid-prefix.js';

/** A record as a line in a list: enough to name it and find it again. */
export interface RecordSummary {
  kind: RecordKind;
  id: string;
  name: string;
  updatedAt: Date;
}

// One past the cap tells "there is more" without a count query.
const FETCH = MAX_COMPLETIONS + 1;

const startsWith = (typed: string) => ({ startsWith: escapeLike(typed), mode: 'insensitive' as const });

/**
 * Tenant-scoped look-ups for the MCP surface: the records a workspace changed lately
 * (resources/list) and names and ids that start with what a user typed
 * (completion/complete). Read-only; the domain services own every write.
 */
@Injectable()
export class RecordLookupService {
  constructor(@Inject(TenantDb) private readonly db: TenantDb) {}

  async pipelines(principal: Principal): Promise<RecordSummary[]> {
    const rows = await this.db.for(principal).pipeline.findMany({
      select: { id: true, name: true, updatedAt: true },
      orderBy: [{ isDefault: 'desc' }, { name: 'asc' }],
    });
    return rows.map((row) => ({ kind: 'pipeline', ...row }));
  }

  /** The most recently changed contacts, companies, deals, leads and tickets, newest first. */
  async recentlyChanged(principal: Principal, limit: number): Promise<RecordSummary[]> {
    const db = this.db.for(principal);
    const recent = { orderBy: [{ updatedAt: 'desc' as const }, { id: 'desc' as const }], take: limit };
    const [contacts, companies, deals, leads, tickets] = await Promise.all([
      db.contact.findMany({ ...recent, select: { id: true, firstName: true, lastName: true, updatedAt: true } }),
      db.company.findMany({ ...recent, where: { deletedAt: null }, select: { id: true, name: true, updatedAt: true } }),
      db.deal.findMany({ ...recent, select: { id: true, title: true, updatedAt: true } }),
      db.lead.findMany({ ...recent, select: { id: true, name: true, company: true, email: true, updatedAt: true } }),
      db.ticket.findMany({ ...recent, select: { id: true, subject: true, updatedAt: true } }),
    ]);
    const all: RecordSummary[] = [
      ...contacts.map((c) => ({ kind: 'contact' as const, id: c.id, name: fullName(c), updatedAt: c.updatedAt })),
      ...companies.map((c) => ({ kind: 'company' as const, id: c.id, name: c.name, updatedAt: c.updatedAt })),
      ...deals.map((d) => ({ kind: 'deal' as const, id: d.id, name: d.title, updatedAt: d.updatedAt })),
      ...leads.map((l) => ({ kind: 'lead' as const, id: l.id, name: l.name ?? l.company ?? l.email ?? 'Lead', updatedAt: l.updatedAt })),
      ...tickets.map((t) => ({ kind: 'ticket' as const, id: t.id, name: t.subject, updatedAt: t.updatedAt })),
    ];
    return all
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? 1 : -1))
      .slice(0, limit);
  }

  /** Contact names ("First Last") whose first name, last name or full name starts with the text. */
  async contactNames(principal: Principal, typed: string): Promise<CompletionPage> {
    const text = typed.trim().replace(/\s+/g, ' ');
    const space = text.indexOf(' ');
    const where = space < 0
      ? { OR: [{ firstName: startsWith(text) }, { lastName: startsWith(text) }] }
      : {
          firstName: { equals: escapeLike(text.slice(0, space)), mode: 'insensitive' as const },
          lastName: startsWith(text.slice(space + 1)),
        };
    const rows = await this.db.for(principal).contact.findMany({
      where,
      select: { firstName: true, lastName: true },
      distinct: ['firstName', 'lastName'],
      orderBy: [{ firstName: 'asc' }, { lastName: 'asc' }],
      take: FETCH,
    });
    return completionPage(rows.map(fullName));
  }

  /** Contacts whose full name is exactly this (case-insensitive), most recently changed first. */
  async contactsNamed(principal: Principal, name: string): Promise<{ id: string; name: string }[]> {
    const text = name.trim().replace(/\s+/g, ' ');
    const space = text.indexOf(' ');
    const exact = (value: string) => ({ equals: escapeLike(value), mode: 'insensitive' as const });
    const rows = await this.db.for(principal).contact.findMany({
      where: space < 0 ? { firstName: exact(text), lastName: '' } : { firstName: exact(text.slice(0, space)), lastName: exact(text.slice(space + 1)) },
      select: { id: true, firstName: true, lastName: true },
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      take: 10,
    });
    return rows.map((row) => ({ id: row.id, name: fullName(row) }));
  }

  async pipelineNames(principal: Principal, typed: string): Promise<CompletionPage> {
    const rows = await this.db.for(principal).pipeline.findMany({
      where: { name: startsWith(typed) },
      select: { name: true },
      orderBy: { name: 'asc' },
      take: FETCH,
    });
    return completionPage(rows.map((row) => row.name));
  }

  /** Stage names, within the named pipeline when one is given. */
  async stageNames(principal: Principal, typed: string, pipelineName?: string): Promise<CompletionPage> {
    const rows = await this.db.for(principal).stage.findMany({
      where: {
        name: startsWith(typed),
        ...(pipelineName ? { pipeline: { name: { equals: escapeLike(pipelineName), mode: 'insensitive' } } } : {}),
      },
      select: { name: true },
      distinct: ['name'],
      orderBy: { name: 'asc' },
      take: FETCH,
    });
    return completionPage(rows.map((row) => row.name));
  }

  async leadSources(principal: Principal, typed: string): Promise<CompletionPage> {
    const rows = await this.db.for(principal).lead.findMany({
      where: { source: startsWith(typed) },
      select: { source: true },
      distinct: ['source'],
      orderBy: { source: 'asc' },
      take: FETCH,
    });
    return completionPage(rows.flatMap((row) => (row.source ? [row.source] : [])));
  }

  /** Ids of one kind of record that start with the typed text, most recently changed first. */
  async idsStartingWith(principal: Principal, kind: RecordKind, typed: string): Promise<CompletionPage> {
    const range = uuidPrefixRange(typed);
    if (!range) return completionPage([]);
    const args = { where: { id: range }, select: { id: true }, orderBy: [{ updatedAt: 'desc' as const }, { id: 'desc' as const }], take: FETCH };
    const db = this.db.for(principal);
    const rows = await (kind === 'contact' ? db.contact.findMany(args)
      : kind === 'company' ? db.company.findMany({ ...args, where: { ...args.where, deletedAt: null } })
      : kind === 'deal' ? db.deal.findMany(args)
      : kind === 'lead' ? db.lead.findMany(args)
      : kind === 'ticket' ? db.ticket.findMany(args)
      : kind === 'note' ? db.note.findMany({ ...args, where: { ...args.where, deletedAt: null } })
      : kind === 'task' ? db.task.findMany({ ...args, where: { ...args.where, deletedAt: null } })
      : db.pipeline.findMany(args));
    return completionPage(rows.map((row) => row.id));
  }
}

function fullName(contact: { firstName: string; lastName: string }): string {
  return `${contact.firstName} ${contact.lastName}`.trim();
}
