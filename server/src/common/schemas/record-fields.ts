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

/** The row version every versioned record reports (ADR 0013). */
export const recordVersionField = {
  version: z.number().int().min(1)
    .describe('Row version, +1 on every change. Send it back (REST: If-Match with the ETag; MCP: expectedVersion) to write only if nobody changed the record meanwhile.'),
};

/** The optional precondition of an MCP update or delete; REST sends it as If-Match. */
export const expectedVersionField = {
  expectedVersion: z.number().int().min(1).optional()
    .describe('Version you last read; if it changed since, nothing is written.'),
};
