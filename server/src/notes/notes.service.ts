import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { authorize } from '../common/auth/policy.js';
import { assertVersion, missedWriteError, NEXT_VERSION, versionGuard } from '../common/concurrency/row-version.js';
import { DomainError } from '../common/errors/domain-error.js';
import { cursorScope, decodeCursor } from '../common/pagination/cursor.js';
import { afterTimestampCursor, timestampCursorOf, timestampOrder } from '../common/pagination/timestamp-keyset.js';
import { TenantDb } from '../database/tenant-db.js';
import type { TenantTx } from '../database/tenant-tx.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import type { Prisma } from '../generated/prisma/client.js';
import { assertLinkedRecordsExist } from '../links/linkable-records.js';
import { distinctLinks, linkedRecordIdsOf, recordIdOf, type RecordLink } from '../links/record-links.schemas.js';
import { authorizeNoteChange } from './note-authorship.js';
import { toNoteOutput } from './notes.mapper.js';
import type {
  CreateNoteInput,
  DeletedNoteOutput,
  ListNotesQuery,
  NoteListOutput,
  NoteOutput,
  UpdateNoteInput,
} from './notes.schemas.js';

// Trashed notes (deletedAt set) are invisible here. The tenant extension will hide them
// everywhere once the trash is merged; until then every read says so itself.
const LIVE = { deletedAt: null };

@Injectable()
export class NotesService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
  ) {}

  /** Notes linked to one record, newest first (GIN index on linkedRecordIds). */
  async list(principal: Principal, query: ListNotesQuery): Promise<NoteListOutput> {
    authorize(principal, 'crm:read');
    const db = this.db.for(principal);
    const filters: Prisma.NoteWhereInput[] = [LIVE, { linkedRecordIds: { has: recordIdOf(query.record) } }];
    const scope = cursorScope(query, 'createdAt', 'desc');
    const page = query.cursor
      ? [...filters, afterTimestampCursor('createdAt', decodeCursor(query.cursor, scope), 'desc')]
      : filters;
    const [rows, total] = await Promise.all([
      db.note.findMany({ where: { AND: page }, orderBy: timestampOrder('createdAt', 'desc'), take: query.limit + 1 }),
      query.includeTotal ? db.note.count({ where: { AND: filters } }) : undefined,
    ]);
    const hasMore = rows.length > query.limit;
    const items = hasMore ? rows.slice(0, query.limit) : rows;
    return {
      items: items.map(toNoteOutput),
      nextCursor: hasMore ? timestampCursorOf(items[items.length - 1]!, 'createdAt', scope) : null,
      ...(total === undefined ? {} : { total }),
    };
  }

  async get(principal: Principal, id: string): Promise<NoteOutput> {
    authorize(principal, 'crm:read');
    const row = await this.db.for(principal).note.findFirst({ where: { id, ...LIVE } });
    if (!row) throw DomainError.notFound('Note', id);
    return toNoteOutput(row);
  }

  create(principal: Principal, input: CreateNoteInput): Promise<NoteOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'note', this.db.write(principal, async (tx) => {
      const links = await checkedLinks(tx, input.links);
      const row = await tx.note.create({
        data: {
          body: input.body,
          links,
          linkedRecordIds: linkedRecordIdsOf(links),
          authorId: principal.userId,
          tenantId: principal.tenantId,
        },
      });
      return toNoteOutput(row);
    }));
  }

  /** Partial update by the author, or by an admin; links, when given, replace the list. */
  update(principal: Principal, id: string, input: UpdateNoteInput, expectedVersion?: number): Promise<NoteOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'note', this.db.write(principal, async (tx) => {
      const current = await tx.note.findFirst({ where: { id, ...LIVE } });
      if (!current) throw DomainError.notFound('Note', id);
      authorizeNoteChange(principal, current);
      assertVersion('Note', id, expectedVersion, current);
      if (Object.keys(input).length === 0) return toNoteOutput(current);
      const data: Prisma.NoteUpdateManyMutationInput = { ...NEXT_VERSION };
      if (input.body !== undefined) data.body = input.body;
      if (input.links !== undefined) {
        const links = await checkedLinks(tx, input.links);
        Object.assign(data, { links, linkedRecordIds: linkedRecordIdsOf(links) });
      }
      // The author is in the WHERE too: the check above and the write agree on whose note it is.
      const [row] = await tx.note.updateManyAndReturn({
        where: { ...versionGuard(id, expectedVersion), ...LIVE, authorId: current.authorId },
        data,
      });
      if (!row) throw missedWriteError('Note', id, expectedVersion, await tx.note.findFirst({ where: { id, ...LIVE }, select: { version: true } }));
      return toNoteOutput(row);
    }));
  }

  /** Moves the note to the trash (deletedAt), by its author or an admin. */
  delete(principal: Principal, id: string, expectedVersion?: number): Promise<DeletedNoteOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'note', this.db.write(principal, async (tx) => {
      const current = await tx.note.findFirst({ where: { id, ...LIVE }, select: { authorId: true, version: true } });
      if (!current) throw DomainError.notFound('Note', id);
      authorizeNoteChange(principal, current);
      const { count } = await tx.note.updateMany({
        where: { ...versionGuard(id, expectedVersion), ...LIVE },
        data: { deletedAt: new Date(), ...NEXT_VERSION },
      });
      if (count === 0) throw missedWriteError('Note', id, expectedVersion, await tx.note.findFirst({ where: { id, ...LIVE }, select: { version: true } }));
      return { id, deleted: true as const };
    }));
  }
}

/** The links as they will be stored: each record once, every one in the caller's workspace. */
async function checkedLinks(tx: TenantTx, given: readonly RecordLink[]): Promise<RecordLink[]> {
  await assertLinkedRecordsExist(tx, given);
  return distinctLinks(given);
}
