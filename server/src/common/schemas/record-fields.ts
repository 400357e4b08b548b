import { z } from 'zod';

/** Who created a business row and when it last changed: part of every domain's output. */
export const recordAuditFields = {
  createdById: z.uuid().describe('User id of whoever created it.'),
  createdAt: z.iso.datetime().describe('Creation time, ISO 8601 UTC.'),
  updatedAt: z.iso.datetime().describe('Last change, ISO 8601 UTC.'),
};

/** The answer to a delete, for REST bodies and MCP results alike. */
export function deletedOutput(entity: string) {
  return z.object({
    id: z.uuid().describe(`Id of the deleted ${entity}.`),
    deleted: z.literal(true).describe('Always true.'),
  });
}
