import { z } from 'zod';
import { paginationQuery } from '../common/pagination/cursor.js';

// The kinds the audit trail records (trigger argument), present and coming.
export const AUDITED_KINDS = ['contact', 'company', 'lead', 'deal', 'ticket', 'note', 'task', 'pipeline', 'stage'] as const;
export const CHANNELS = ['rest', 'mcp', 'system'] as const;
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'restore', 'purge'] as const;

const historyPage = { limit: paginationQuery.limit, cursor: paginationQuery.cursor };

const FieldChange = z.object({
  field: z.string().describe('Column name.'),
  before: z.string().nullable().describe('Value before, as text; null when empty or erased by a purge.'),
  after: z.string().nullable().describe('Value after, as text.'),
});

const attribution = {
  changeId: z.uuid().describe('This change; change_undo takes it.'),
  changeSetId: z.uuid().describe('Its change set (one request, tool call or batch); change_undo takes it.'),
  occurredAt: z.iso.datetime().describe('When, ISO 8601 UTC.'),
  actorUserId: z.uuid().nullable().describe('Who; null for the system.'),
  actorName: z.string().nullable().describe('Their name.'),
  channel: z.enum(CHANNELS).describe('rest, mcp or system.'),
  toolName: z.string().nullable().describe('The MCP tool, on mcp.'),
  clientName: z.string().nullable().describe('The MCP client, on mcp.'),
  recordKind: z.string().describe('Kind of the record changed.'),
  recordId: z.uuid().describe('Id of the record changed.'),
  action: z.enum(AUDIT_ACTIONS).describe('What happened to the record.'),
  undoOfChangeSetId: z.uuid().nullable().describe('Set when this change was an undo of that change set.'),
  changes: z.array(FieldChange).describe('The fields changed, before and after.'),
};

// Timeline

export const TIMELINE_TYPES = ['created', 'updated', 'stage_moved', 'status_changed', 'converted', 'deleted', 'restored', 'purged', 'note', 'task'] as const;

export const TimelineQuery = z.strictObject({
  record: z.string().min(1).max(200).describe('The record, as crm://{contacts,leads,deals,tickets}/{id}.'),
  ...historyPage,
});
export type TimelineQuery = z.infer<typeof TimelineQuery>;

export const TimelineEntry = z.object({
  type: z.enum(TIMELINE_TYPES).describe('What kind of event; note and task are notes and tasks linked to the record.'),
  ...attribution,
  fromStage: z.string().optional().describe('stage_moved: the stage name before.'),
  toStage: z.string().optional().describe('stage_moved: the stage name after.'),
  fromStatus: z.string().optional().describe('status_changed: the status before.'),
  toStatus: z.string().optional().describe('status_changed and converted: the status after.'),
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
  seq: z.string().describe('Position in the trail (a decimal integer); larger is later.'),
  credentialKind: z.string().nullable().describe('access_token, api_key, oauth or system.'),
  apiKeyId: z.uuid().nullable().describe('The API key used, if any.'),
  oauthClientId: z.string().nullable().describe('The OAuth client used, if any.'),
  transport: z.string().nullable().describe('http or stdio.'),
  clientVersion: z.string().nullable().describe('The MCP client version.'),
  requestId: z.string().nullable().describe('The HTTP request id (x-request-id).'),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditListOutput = z.object({
  items: z.array(AuditEntry).describe('Newest first.'),
  nextCursor: z.string().nullable().describe('Pass as cursor, with the same filters, for older entries; null on the last page.'),
  total: z.number().int().optional().describe('Count of all matching entries, when includeTotal was requested.'),
});
export type AuditListOutput = z.infer<typeof AuditListOutput>;
