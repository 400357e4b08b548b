import { z } from 'zod';
import { redirectUriProblem } from './redirect-uri.js';

// Bounds keep a registration small: a client's metadata is a few hundred bytes.
export const MAX_REGISTRATION_BYTES = 16 * 1024;
const MAX_REDIRECT_URIS = 10;

const redirectUri = z
  .string()
  .max(2000)
  .superRefine((value, ctx) => {
    const problem = redirectUriProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const optionalUrl = z.string().max(2000).optional();

/**
 * A Dynamic Client Registration request (RFC 7591 §2). Only what we use is checked; other
 * metadata is accepted and ignored, as §2 asks. `application_type` is optional (Gemini CLI
 * sends none), and we register every client as public (`token_endpoint_auth_method: none`).
 */
export const ClientRegistrationInput = z.looseObject({
  redirect_uris: z.array(redirectUri).min(1).max(MAX_REDIRECT_URIS).describe('Where authorization responses are sent.'),
  client_name: z.string().trim().min(1).max(200).optional().describe('Shown to the user on the consent page.'),
  grant_types: z
    .array(z.enum(['authorization_code', 'refresh_token']))
    .max(2)
    .refine((types) => types.includes('authorization_code'), 'must include authorization_code')
    .optional(),
  response_types: z.array(z.literal('code')).max(1).optional(),
  token_endpoint_auth_method: z.enum(['none', 'client_secret_post', 'client_secret_basic']).optional(),
  application_type: z.enum(['native', 'web']).optional(),
  scope: z.string().max(500).optional(),
  client_uri: optionalUrl,
  logo_uri: optionalUrl,
  software_id: z.string().max(200).optional(),
  software_version: z.string().max(100).optional(),
});
export type ClientRegistrationInput = z.infer<typeof ClientRegistrationInput>;

/** A client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document): the same fields plus client_id. */
export const ClientMetadataDocument = ClientRegistrationInput.extend({ client_id: z.string().max(2000) });
