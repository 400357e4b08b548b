import { z } from 'zod';
import type { Role } from '../generated/prisma/enums.js';

export const PASSWORD_MIN_LENGTH = 10;
// Bounded so a huge password cannot be used to burn hashing time.
const PASSWORD_MAX_LENGTH = 256;

const email = z.email().max(254).describe('Email address; matched case-insensitively.');
const refreshToken = z.string().min(1).max(200).describe('Refresh token from sign-in or a previous refresh.');
const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(PASSWORD_MAX_LENGTH)
  .describe(`Password, at least ${PASSWORD_MIN_LENGTH} characters.`);
export const invitationToken = z
  .string()
  .min(1)
  .max(200)
  .describe('Invitation token from the link an admin of the workspace sent you.');

const ROLES = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'] as const satisfies readonly Role[];
export const RoleSchema = z
  .enum(ROLES)
  .describe('Role in the workspace: OWNER and ADMIN manage members, keys and pipelines; MEMBER reads and writes CRM records; VIEWER only reads.');

export const SignUpInput = z.strictObject({
  email,
  password: newPassword,
  name: z.string().trim().min(1).max(200).describe('Full name of the new user, e.g. "Ada Lovelace".'),
  company: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Name of the new company workspace (tenant), e.g. "Acme Ltd". Required unless joining with an invitation.'),
  invitation: invitationToken.optional(),
});
export type SignUpInput = z.infer<typeof SignUpInput>;

/** The one answer sign-up gives, whether or not the email already had an account (ADR 0034). */
export const SIGN_UP_MESSAGE =
  'If this email can be used, the account is ready: sign in with it (POST /api/auth/sign-in, with the same invitation if you have one).';
export const SignUpOutput = z.object({
  status: z.literal('accepted').describe('Always "accepted": sign-up does not tell whether the email was already registered.'),
  message: z.string().describe('What to do next: sign in with the same email and password.'),
});
export type SignUpOutput = z.infer<typeof SignUpOutput>;

export const SignInInput = z.strictObject({
  email,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH).describe('The account password.'),
  tenantId: z
    .uuid()
    .optional()
    .describe('Workspace to sign in to, for users in several; defaults to the first one joined.'),
  invitation: invitationToken.optional().describe('Invitation to accept while signing in: joins its workspace and signs in to it.'),
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
const role = RoleSchema;

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

export const ChangePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH).describe('The password you signed in with.'),
  newPassword,
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

export const SwitchWorkspaceInput = z.strictObject({
  tenantId: z.uuid().describe('Id of a workspace you are a member of (GET /api/auth/workspaces).'),
});
export type SwitchWorkspaceInput = z.infer<typeof SwitchWorkspaceInput>;

export const WorkspaceListOutput = z.object({
  items: z.array(
    z.object({
      tenant: TenantOutput,
      role,
      current: z.boolean().describe('True for the workspace the presented token is for.'),
    }),
  ),
});
export type WorkspaceListOutput = z.infer<typeof WorkspaceListOutput>;
