import { z } from 'zod';
import { expectedVersionField } from '../common/schemas/record-fields.js';
import { BATCH_KINDS, MAX_BATCH_ITEMS, type BatchPlural } from './batch-kinds.js';

/** `{create: [...], update: [{id, expectedVersion?, ...fields}]}` for one kind: the REST batch body. */
function kindBatchInput<Create extends z.ZodObject, UpdateShape extends z.ZodRawShape>(
  plural: BatchPlural,
  spec: { singular: string; create: Create; update: z.ZodObject<UpdateShape> },
) {
  return z.strictObject({
    create: z.array(spec.create).max(MAX_BATCH_ITEMS).optional()
      .describe(`New ${plural}, each as for ${spec.singular}_create.`),
    update: z.array(z.strictObject({
      id: z.uuid().describe(`Id of the ${spec.singular} to change.`),
      ...expectedVersionField,
      ...spec.update.shape,
    })).max(MAX_BATCH_ITEMS).optional()
      .describe(`Changes to existing ${plural}, each as for ${spec.singular}_update.`),
  });
}

function kindBatchOutput<Output extends z.ZodObject>(plural: BatchPlural, output: Output) {
  return z.object({
    created: z.array(output).describe(`The created ${plural}, in input order.`),
    updated: z.array(output).describe(`The updated ${plural}, in input order.`),
  });
}

export const CompaniesBatchInput = kindBatchInput('companies', BATCH_KINDS.companies);
export const ContactsBatchInput = kindBatchInput('contacts', BATCH_KINDS.contacts);
export const LeadsBatchInput = kindBatchInput('leads', BATCH_KINDS.leads);
export const DealsBatchInput = kindBatchInput('deals', BATCH_KINDS.deals);
export const CompaniesBatchOutput = kindBatchOutput('companies', BATCH_KINDS.companies.output);
export const ContactsBatchOutput = kindBatchOutput('contacts', BATCH_KINDS.contacts.output);
export const LeadsBatchOutput = kindBatchOutput('leads', BATCH_KINDS.leads.output);
export const DealsBatchOutput = kindBatchOutput('deals', BATCH_KINDS.deals.output);

/** One batch over several kinds (the `batch` tool): a typed field per kind, no unions. */
export const BatchInput = z.strictObject({
  companies: CompaniesBatchInput.optional().describe('Companies to create and update.'),
  contacts: ContactsBatchInput.optional().describe('Contacts to create and update.'),
  leads: LeadsBatchInput.optional().describe('Leads to create and update.'),
  deals: DealsBatchInput.optional().describe('Deals to create and update.'),
});

export const BatchOutput = z.object({
  companies: CompaniesBatchOutput.optional(),
  contacts: ContactsBatchOutput.optional(),
  leads: LeadsBatchOutput.optional(),
  deals: DealsBatchOutput.optional(),
});

export type BatchInput = z.infer<typeof BatchInput>;
export type BatchOutput = z.input<typeof BatchOutput>;
