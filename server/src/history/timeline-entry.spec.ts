import type { AuditEntryRow } from './audit-entries.js';
import { stageIdsOf, toTimelineEntry } from './timeline-entry.js';

const recordId = '0193a6f2-0000-7000-8000-000000000001';
const row = (overrides: Partial<AuditEntryRow>): AuditEntryRow => ({
  id: 'c1', seq: '7', changeSetId: 's1', occurredAt: new Date('2026-12-01T10:00:00Z'),
  actorUserId: 'u1', actorName: 'Ada', credentialKind: 'access_token', apiKeyId: null, oauthClientId: null,
  channel: 'mcp', transport: 'http', toolName: 'deal_update', clientName: 'claude', clientVersion: '1', requestId: null,
  recordKind: 'deal', recordId, action: 'update', undoOfChangeSetId: null, changes: [], ...overrides,
});

describe('timeline entries', () => {
  test('a deal\'s stage change is a stage move, with the stage names', () => {
    const move = row({ changes: [{ field: 'stageId', before: 's-a', after: 's-b' }, { field: 'closedAt', before: null, after: null }] });
    const entry = toTimelineEntry(move, recordId, new Map([['s-a', 'Qualified'], ['s-b', 'Won']]));
    expect(entry).toMatchObject({ type: 'stage_moved', fromStage: 'Qualified', toStage: 'Won', channel: 'mcp', toolName: 'deal_update', actorName: 'Ada' });
    expect(stageIdsOf([move])).toEqual(['s-a', 's-b']);
  });

  test('status changes, conversions, trash and restore get their own types; derived and trash columns are hidden', () => {
    const status = row({ recordKind: 'ticket', changes: [{ field: 'status', before: 'OPEN', after: 'RESOLVED' }, { field: 'searchText', before: 'a', after: 'b' }] });
    expect(toTimelineEntry(status, recordId, new Map())).toMatchObject({ type: 'status_changed', fromStatus: 'OPEN', toStatus: 'RESOLVED', changes: [{ field: 'status', before: 'OPEN', after: 'RESOLVED' }] });
    const converted = row({ recordKind: 'lead', changes: [{ field: 'status', before: 'QUALIFIED', after: 'CONVERTED' }] });
    expect(toTimelineEntry(converted, recordId, new Map()).type).toBe('converted');
    expect(toTimelineEntry(row({ action: 'delete', changes: [{ field: 'deletedAt', before: null, after: 'x' }] }), recordId, new Map()))
      .toMatchObject({ type: 'deleted', changes: [] });
    expect(toTimelineEntry(row({ action: 'restore' }), recordId, new Map()).type).toBe('restored');
    expect(toTimelineEntry(row({ action: 'create' }), recordId, new Map()).type).toBe('created');
  });

  test('a linked note or task is its own entry type on the record it links to', () => {
    const note = row({ recordKind: 'note', recordId: 'n1', action: 'create' });
    expect(toTimelineEntry(note, recordId, new Map()).type).toBe('note');
    expect(toTimelineEntry(note, 'n1', new Map()).type).toBe('created');
  });
});
