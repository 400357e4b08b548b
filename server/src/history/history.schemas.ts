import { z } from 'zod';
import { paginationQuery } from '../common/pagination/cursor.js';

// The kinds the audit trail records (trigger argument), present and coming.
export const AUDITED_KINDS = ['contact', 'company', 'lead', 'deal', 'ticket', 'note', 'task', 'pipeline', 'stage'] as const;
export const CHANNELS = ['rest', 'mcp', 'system'] as const;
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'restore', 'purge'] as const;

const historyPage = { limit: paginationQuery.limit, cursor: paginationQuery.cursor };

// Output fields carry no descriptions: the tools/list byte budget is tight and the names say what they
// hold (ADR 0042). Values are text; changeId and changeSetId are what change_undo takes.
const FieldChange = z.object({
  field: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

const attribution = {
  changeId: z.uuid(),
  changeSetId: z.uuid(),
  occurredAt: z.iso.datetime(),
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  channel: z.enum(CHANNELS),
  toolName: z.string().nullable(),
  clientName: z.string().nullable(),
  recordKind: z.string(),
  recordId: z.uuid(),
  action: z.enum(AUDIT_ACTIONS),
  undoOfChangeSetId: z.uuid().nullable(),
  changes: z.array(FieldChange),
};

// Timeline

export const TIMELINE_TYPES = ['created', 'updated', 'stage_moved', 'status_changed', 'converted', 'deleted', 'restored', 'purged', 'note', 'task'] as const;

export const TimelineQuery = z.strictObject({
  record: z.string().min(1).max(200).describe('The record, as crm://{contacts,leads,deals,tickets}/{id}.'),
  ...historyPage,
});
export type TimelineQuery = z.infer<typeof TimelineQuery>;

export const TimelineEntry = z.object({
  type: z.enum(TIMELINE_TYPES),
  ...attribution,
  fromStage: z.string().optional(),
  toStage: z.string().optional(),
  fromStatus: z.string().optional(),
  toStatus: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const TimelineOutput = z.object({
  items: z.array(TimelineEntry).describe('Newest first.'),
  nextCursor: z.string().nullable().describe('Pass as cursor for older entries; null on the last page.'),
});
export type TimelineOutput = z.infer<typeof TimelineOutput>;

// Audit query

export const AuditListQuery = z.strictObject({
  actorUserId: z.uuid().optional().describe('Only changes by this user.'),
  channel: z.enum(CHANNELS).optional().describe('Only changes through this channel.'),
  kind: z.enum(AUDITED_KINDS).optional().describe('Only changes to records of this kind.'),
  record: z.string().max(200).optional().describe('Only changes to this record, as crm://{collection}/{id}.'),
  changeSetId: z.uuid().optional().describe('Only the changes of this change set.'),
  from: z.iso.datetime().optional().describe('Only changes at or after this time, ISO 8601.'),
  to: z.iso.datetime().optional().describe('Only changes before this time, ISO 8601.'),
  ...historyPage,
  includeTotal: paginationQuery.includeTotal,
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;

export const AuditEntry = z.object({
  ...attribution,
  seq: z.string(),
  credentialKind: z.string().nullable(),
  apiKeyId: z.uuid().nullable(),
  oauthClientId: z.string().nullable(),
  transport: z.string().nullable(),
  clientVersion: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditListOutput = z.object({
  items: z.array(AuditEntry).describe('Newest first.'),
  nextCursor: z.string().nullable().describe('Pass as cursor, with the same filters, for older entries; null on the last page.'),
  total: z.number().int().optional().describe('Count of all matching entries, when includeTotal was requested.'),
});
export type AuditListOutput = z.infer<typeof AuditListOutput>;
