/** The CRM records that can be read and watched as MCP resources. */
export const RECORD_KINDS = ['contact', 'company', 'deal', 'lead', 'ticket', 'pipeline', 'note', 'task'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** One record, without its tenant. */
export interface RecordRef {
  kind: RecordKind;
  id: string;
}

/** "This record was created, changed or deleted", announced after the write committed. */
export interface RecordChange extends RecordRef {
  tenantId: string;
}

export function isRecordChange(value: unknown): value is RecordChange {
  if (!value || typeof value !== 'object') return false;
  const change = value as Record<string, unknown>;
  return (
    typeof change.tenantId === 'string' &&
    typeof change.id === 'string' &&
    RECORD_KINDS.includes(change.kind as RecordKind)
  );
}
