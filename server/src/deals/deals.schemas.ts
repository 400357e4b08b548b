import { z } from 'zod';
import { pageOutput, paginationQuery } from '../common/pagination/cursor.js';
import { STAGE_KINDS } from '../pipelines/pipelines.schemas.js';
import { currencyCode, moneyAmount } from './money.js';
import { deletedOutput, recordAuditFields, recordVersionField } from '../common/schemas/record-fields.js';

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;

const title = z.string().min(1).max(200).regex(/\S/, 'must not be blank').describe('Deal title, e.g. "Acme renewal 2027".');
const value = moneyAmount
  .describe('Amount as a decimal string, e.g. "50000.00".');
const pipelineId = z.uuid().describe('Pipeline id. Default: the workspace default pipeline.');
const stageId = z.uuid().describe('Stage id; implies its pipeline.');
const stage = z.string().min(1).max(100)
  .describe('Stage name, case-insensitive, e.g. "Negotiation" (or stageId, not both).');
const contactId = z.uuid().describe('Id of the contact this deal is with.');
const companyId = z.uuid().describe('Company id.');
const ownerId = z.uuid().describe('User id of the workspace member who owns the deal.');
const expectedCloseDate = z.iso.date().describe('Expected close date, YYYY-MM-DD.');

export const CreateDealInput = z.strictObject({
  title,
  value: value.optional().describe('Amount, e.g. "50000.00". Default "0.00". When given, currency is required.'),
  currency: currencyCode.optional().describe('ISO 4217 currency code, e.g. "USD". Required with value; default "USD" otherwise.'),
  pipelineId: pipelineId.optional(),
  stageId: stageId.optional(),
  stage: stage.optional(),
  contactId: contactId.optional(),
  companyId: companyId.optional(),
  ownerId: ownerId.optional().describe('User id of the owning member. Default: the caller.'),
  expectedCloseDate: expectedCloseDate.optional(),
}).describe('A new deal. Without pipeline or stage it starts in the first stage of the default pipeline.');
export type CreateDealInput = z.infer<typeof CreateDealInput>;

export const UpdateDealInput = z.strictObject({
  title: title.optional(),
  value: value.optional(),
  currency: currencyCode.optional().describe('ISO 4217 currency code; changing it needs value too.'),
  pipelineId: pipelineId.optional()
    .describe('Move to this pipeline; without a stage the deal goes to its first stage.'),
  stageId: stageId.optional(),
  stage: stage.optional(),
  contactId: contactId.nullable().optional(),
  companyId: companyId.nullable().optional(),
  ownerId: ownerId.nullable().optional(),
  expectedCloseDate: expectedCloseDate.nullable().optional(),
}).describe('Fields to change; omitted fields are left unchanged, null clears a field. Moving to a WON or LOST stage sets closedAt; back to an OPEN stage clears it.');
export type UpdateDealInput = z.infer<typeof UpdateDealInput>;

export const ListDealsQuery = z.strictObject({
  pipelineId: z.uuid().optional().describe('Only deals in this pipeline.'),
  stage: z.string().min(1).max(100).optional()
    .describe('Only deals in this stage (id or name).'),
  ownerId: z.uuid().optional().describe('Only deals owned by this user id.'),
  contactId: z.uuid().optional().describe('Only deals with this contact id.'),
  companyId: z.uuid().optional().describe('Only this company\'s deals.'),
  currency: currencyCode.optional().describe('Only deals in this currency, e.g. "USD"; needed with minValue or maxValue.'),
  minValue: moneyAmount.optional()
    .describe('Only deals worth at least this amount, e.g. "1000".'),
  maxValue: moneyAmount.optional()
    .describe('Only deals worth at most this amount.'),
  status: z.enum(DEAL_STATUSES).optional().describe('open, won or lost, by the kind of the deal\'s stage.'),
  q: z.string().min(1).max(200).optional().describe('Case-insensitive text found anywhere in the title.'),
  ...paginationQuery,
}).describe('Deals newest first.');
export type ListDealsQuery = z.infer<typeof ListDealsQuery>;

const timestamp = z.iso.datetime();

export const DealOutput = z.object({
  id: z.uuid().describe('Deal id.'),
  title: z.string(),
  value: z.string().describe('Exact decimal string with 2 to 4 decimal places, e.g. "50000.00".'),
  currency: z.string().describe('ISO 4217 currency code.'),
  status: z.enum(DEAL_STATUSES).describe('open, won or lost, from the stage kind.'),
  pipelineId: z.uuid(),
  stageId: z.uuid(),
  stage: z.object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(STAGE_KINDS),
    probability: z.number().int().describe('Win probability in percent.'),
  }).describe('The stage the deal is in.'),
  contactId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  ownerId: z.uuid().nullable(),
  expectedCloseDate: z.iso.date().nullable().describe('YYYY-MM-DD.'),
  closedAt: timestamp.nullable().describe('When the deal reached a WON or LOST stage; null while open. ISO 8601 UTC.'),
  ...recordVersionField,
  ...recordAuditFields,
}).describe('A deal: a potential sale moving through a pipeline.');
export type DealOutput = z.infer<typeof DealOutput>;

export const DealListOutput = pageOutput(DealOutput).describe('One page of deals, newest first.');
export type DealListOutput = z.infer<typeof DealListOutput>;

export const DeletedDealOutput = deletedOutput('deal');
export type DeletedDealOutput = z.infer<typeof DeletedDealOutput>;
