import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { authorize } from '../common/auth/policy.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { CompaniesService } from '../companies/companies.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { TenantDb } from '../database/tenant-db.js';
import { DealsService } from '../deals/deals.service.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import { Prisma } from '../generated/prisma/client.js';
import { LeadsService } from '../leads/leads.service.js';
import { NotesService } from '../notes/notes.service.js';
import { TasksService } from '../tasks/tasks.service.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { trashTable } from './trash-tables.js';
import type { PurgedRecordOutput, TrashedRecordOutput } from './trash.schemas.js';
import { COLLECTION_OF_KIND, ENTITY_OF, type TrashableRef } from './trashable-kinds.js';

const DAY_MS = 86_400_000;

/**
 * Deletes of any kind (each kind's service moves its record to the trash, with whatever
 * detaching that kind needs) and explicit purges (ADR 0040). Restoring is undo's job.
 */
@Injectable()
export class TrashService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
    @Inject(ContactsService) private readonly contacts: ContactsService,
    @Inject(CompaniesService) private readonly companies: CompaniesService,
    @Inject(LeadsService) private readonly leads: LeadsService,
    @Inject(DealsService) private readonly deals: DealsService,
    @Inject(TicketsService) private readonly tickets: TicketsService,
    @Inject(NotesService) private readonly notes: NotesService,
    @Inject(TasksService) private readonly tasks: TasksService,
  ) {}

  /** Moves the record to the trash; each kind's service authorizes and writes. */
  async moveToTrash(principal: Principal, ref: TrashableRef, expectedVersion?: number): Promise<TrashedRecordOutput> {
    authorize(principal, 'crm:write');
    const services = { contact: this.contacts, company: this.companies, lead: this.leads, deal: this.deals, ticket: this.tickets, note: this.notes, task: this.tasks };
    await services[ref.kind].delete(principal, ref.id, expectedVersion);
    // The change set that trashed it, read back from the audit trail: change_undo with it restores the record.
    const trashed = await this.db.for(principal).auditChange.findFirst({
      where: { recordId: ref.id, action: 'delete', actorUserId: principal.userId },
      orderBy: { seq: 'desc' },
      select: { changeSetId: true },
    });
    return {
      kind: ref.kind,
      id: ref.id,
      deleted: true,
      changeSetId: trashed!.changeSetId,
      purgeAfter: new Date(Date.now() + this.config.TRASH_RETENTION_DAYS * DAY_MS).toISOString(),
    };
  }

  /**
   * Erases a record in the trash for good, for erasure requests, before the purge job
   * would. Two steps on purpose: a live record must be deleted first, so no single
   * mistaken call destroys data that undo could have brought back.
   */
  purge(principal: Principal, ref: TrashableRef): Promise<PurgedRecordOutput> {
    authorize(principal, 'records:purge');
    const entity = ENTITY_OF[ref.kind];
    return this.changes.after(principal, ref.kind, this.db.write(principal, async (tx) => {
      const table = trashTable(tx, ref.kind);
      const row = await table.findFirst({ where: { id: ref.id }, select: { deletedAt: true, version: true } });
      if (!row) throw DomainError.notFound(entity, ref.id);
      if (!row.deletedAt) throw notInTrash(ref);
      const { count } = await withReferenceConflict(ref, () => table.deleteMany({ where: { id: ref.id, deletedAt: { not: null } } }));
      // Restored between the read and the delete (the delete's WHERE saw it live).
      if (count === 0) throw notInTrash(ref);
      return { kind: ref.kind, id: ref.id, purged: true as const };
    }, { withTrash: true }));
  }
}

function notInTrash(ref: TrashableRef): DomainError {
  const path = `/api/${COLLECTION_OF_KIND[ref.kind]}/${ref.id}`;
  return DomainError.conflict(
    `${ENTITY_OF[ref.kind]} ${ref.id} is not in the trash. Delete it first (DELETE ${path} or the record_delete tool), then purge it.`,
  );
}

// A row of a later kind (a company's contacts, say) can still point at it: name that.
async function withReferenceConflict<T>(ref: TrashableRef, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003') {
      throw DomainError.conflict(
        `${ENTITY_OF[ref.kind]} ${ref.id} is still referenced by other records, so it cannot be purged. Detach them first, then purge it.`,
      );
    }
    throw error;
  }
}
