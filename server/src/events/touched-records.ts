import type { RecordRef } from './record-change.js';

// The writes whose result is not simply the changed record: what each one touched.

/** A lead conversion changes the lead and creates a contact and, optionally, a deal. */
export function convertedRecords(result: { lead: { id: string }; contact: { id: string }; deal: { id: string } | null }): RecordRef[] {
  return [
    { kind: 'lead', id: result.lead.id },
    { kind: 'contact', id: result.contact.id },
    ...(result.deal ? [{ kind: 'deal' as const, id: result.deal.id }] : []),
  ];
}

/** A stage is part of its pipeline's resource. */
export function stagePipeline(stage: { pipelineId: string }): RecordRef[] {
  return [{ kind: 'pipeline', id: stage.pipelineId }];
}
