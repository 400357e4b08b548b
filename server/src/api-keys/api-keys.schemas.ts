import { z } from 'zod';
import { ALL_SCOPES } from '../common/auth/principal.js';

const scope = z.enum(ALL_SCOPES as ['crm:read', 'crm:write']);

export const CreateApiKeyInput = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('What the key is for, e.g. "nightly import" or "Gemini CLI on my laptop".'),
  scopes: z
    .array(scope)
    .min(1)
    .max(ALL_SCOPES.length)
    .describe('crm:read reads; crm:write also creates, changes and deletes. A viewer\'s key only ever reads.'),
  expiresAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('When the key stops working (ISO 8601, in the future); without it the key works until revoked.'),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

export const ApiKeyOutput = z.object({
  id: z.uuid().describe('Key id, for revoking it.'),
  name: z.string(),
  prefix: z.string().describe('The key\'s first characters, to tell keys apart; the rest is never shown again.'),
  userId: z.uuid().describe('The member the key acts as.'),
  scopes: z.array(scope),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable().describe('Last use, to the minute; null if never used.'),
  createdAt: z.iso.datetime(),
});
export type ApiKeyOutput = z.infer<typeof ApiKeyOutput>;

export const CreatedApiKeyOutput = ApiKeyOutput.extend({
  key: z.string().describe('The key itself, shown only now: store it in a secret store. Send it as "Authorization: Bearer <key>".'),
});
export type CreatedApiKeyOutput = z.infer<typeof CreatedApiKeyOutput>;

export const ApiKeyListOutput = z.object({ items: z.array(ApiKeyOutput) });
export type ApiKeyListOutput = z.infer<typeof ApiKeyListOutput>;
