import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 10;
// Bounded so a huge password cannot be used to burn hashing time.
const PASSWORD_MAX_LENGTH = 256;

const email = z.email().max(254).describe('Email address; matched case-insensitively.');
const refreshToken = z.string().min(1).max(200).describe('Refresh token from sign-in, sign-up or a previous refresh.');

export const SignUpInput = z.strictObject({
  email,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH)
    .max(PASSWORD_MAX_LENGTH)
    .describe(`Password, at least ${PASSWORD_MIN_LENGTH} characters.`),
  name: z.string().trim().min(1).max(200).describe('Full name of the new user, e.g. "Ada Lovelace".'),
  company: z.string().trim().min(1).max(200).describe('Name of the new company workspace (tenant), e.g. "Acme Ltd".'),
});
export type SignUpInput = z.infer<typeof SignUpInput>;

export const SignInInput = z.strictObject({
  email,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH).describe('The account password.'),
  tenantId: z
    .uuid()
    .optional()
    .describe('Workspace to sign in to, for users in several; defaults to the first one joined.'),
});
export type SignInInput = z.infer<typeof SignInInput>;

export const RefreshInput = z.strictObject({ refreshToken });
export type RefreshInput = z.infer<typeof RefreshInput>;

export const SignOutInput = z.strictObject({ refreshToken });
export type SignOutInput = z.infer<typeof SignOutInput>;

const UserOutput = z.object({
  id: z.uuid().describe('User id.'),
  email: z.string().describe('Email address, lower-cased.'),
  name: z.string().describe('Full name.'),
});
const TenantOutput = z.object({
  id: z.uuid().describe('Tenant (company workspace) id.'),
  name: z.string().describe('Company name.'),
});
const role = z.enum(['OWNER', 'ADMIN', 'MEMBER']).describe('Role of the user in this tenant.');

export const SessionOutput = z.object({
  accessToken: z.string().describe('Short-lived JWT; send it as "Authorization: Bearer <accessToken>".'),
  tokenType: z.literal('Bearer').describe('Always "Bearer".'),
  expiresIn: z.number().int().describe('Seconds until the access token expires.'),
  refreshToken: z.string().describe('Opaque single-use token for POST /api/auth/refresh.'),
  user: UserOutput,
  tenant: TenantOutput,
  role,
});
export type SessionOutput = z.infer<typeof SessionOutput>;

export const MeOutput = z.object({ user: UserOutput, tenant: TenantOutput, role });
export type MeOutput = z.infer<typeof MeOutput>;
