import { z } from 'zod';

// Form parameters are strings; a repeated parameter arrives as an array and fails here.
const param = (max = 2000) => z.string().min(1).max(max);

export const AuthorizationCodeGrant = z.looseObject({
  grant_type: z.literal('authorization_code'),
  code: param(200),
  redirect_uri: param(),
  client_id: param(),
  code_verifier: z
    .string()
    .regex(/^[A-Za-z0-9\-._~]{43,128}$/, 'must be 43-128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)'),
  resource: param().optional(),
});
export type AuthorizationCodeGrant = z.infer<typeof AuthorizationCodeGrant>;

export const RefreshTokenGrant = z.looseObject({
  grant_type: z.literal('refresh_token'),
  refresh_token: param(200),
  client_id: param(),
  resource: param().optional(),
  scope: z.string().max(500).optional(),
});
export type RefreshTokenGrant = z.infer<typeof RefreshTokenGrant>;

export const RevocationRequest = z.looseObject({
  token: param(4000),
  token_type_hint: z.string().max(100).optional(),
  client_id: param().optional(),
});
export type RevocationRequest = z.infer<typeof RevocationRequest>;

/** RFC 6749 §5.1; `expires_in` is a JSON number (Gemini CLI never refreshes otherwise). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}
