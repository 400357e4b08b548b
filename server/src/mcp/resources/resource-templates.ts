import type { ResourceTemplateType } from '@modelcontextprotocol/server';
import type { RecordKind } from '../../events/record-change.js';
import { COLLECTION_OF } from './resource-uri.js';

const JSON_MIME = 'application/json';

const DESCRIPTIONS: Readonly<Record<RecordKind, { title: string; description: string }>> = {
  contact: { title: 'Contact', description: 'One contact (a person) with all its fields, as JSON. Find ids with contact_list.' },
  company: { title: 'Company', description: 'One company with its contacts, open deals and open pipeline value, as JSON. Find ids with company_list.' },
  deal: { title: 'Deal', description: 'One deal with its pipeline, stage and value, as JSON. Find ids with deal_list.' },
  lead: { title: 'Lead', description: 'One lead with its status and allowed next statuses, as JSON. Find ids with lead_list.' },
  ticket: { title: 'Support ticket', description: 'One support ticket with status, priority and timestamps, as JSON. Find ids with ticket_list.' },
  pipeline: { title: 'Pipeline', description: 'One sales pipeline with its stages in order, as JSON. Find ids with pipeline_list.' },
  note: { title: 'Note', description: 'One note with its text, author and linked records, as JSON.' },
  task: { title: 'Task', description: 'One task with its due time, status, assignee and linked records, as JSON. Find ids with task_list.' },
};

/** resources/templates/list: one URI template per record kind, fixed at boot. */
export const RESOURCE_TEMPLATES: readonly ResourceTemplateType[] = Object.freeze(
  (Object.keys(DESCRIPTIONS) as RecordKind[]).map((kind) =>
    Object.freeze({
      uriTemplate: `crm://${COLLECTION_OF[kind]}/{id}`,
      name: kind,
      title: DESCRIPTIONS[kind].title,
      description: DESCRIPTIONS[kind].description,
      mimeType: JSON_MIME,
    }),
  ),
);

export const RESOURCE_MIME_TYPE = JSON_MIME;
export const TEMPLATE_KIND: ReadonlyMap<string, RecordKind> = new Map(
  (Object.keys(COLLECTION_OF) as RecordKind[]).map((kind) => [`crm://${COLLECTION_OF[kind]}/{id}`, kind]),
);
