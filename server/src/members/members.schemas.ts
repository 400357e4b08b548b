import { z } from 'zod';
import { RoleSchema } from '../auth/auth.schemas.js';

export const MemberOutput = z.object({
  userId: z.uuid().describe('User id; use it as ownerId or assigneeId on CRM records.'),
  email: z.string().describe('Email address, lower-cased.'),
  name: z.string().describe('Full name.'),
  role: RoleSchema,
  joinedAt: z.iso.datetime().describe('When the user joined the workspace.'),
});
export type MemberOutput = z.infer<typeof MemberOutput>;

export const MemberListOutput = z.object({ items: z.array(MemberOutput) });
export type MemberListOutput = z.infer<typeof MemberListOutput>;

export const ChangeRoleInput = z.strictObject({ role: RoleSchema });
export type ChangeRoleInput = z.infer<typeof ChangeRoleInput>;

export const CreateInvitationInput = z.strictObject({
  email: z.email().max(254).describe('Email address of the person to invite; only that email can accept.'),
  role: RoleSchema.default('MEMBER').describe('Role the person gets on joining: ADMIN, MEMBER (default) or VIEWER; OWNER only when an owner invites.'),
});
export type CreateInvitationInput = z.infer<typeof CreateInvitationInput>;

export const InvitationOutput = z.object({
  id: z.uuid().describe('Invitation id, for revoking it.'),
  email: z.string().describe('The invited email, lower-cased.'),
  role: RoleSchema,
  expiresAt: z.iso.datetime().describe('After this the invitation can no longer be accepted.'),
  createdAt: z.iso.datetime(),
});
export type InvitationOutput = z.infer<typeof InvitationOutput>;

export const CreatedInvitationOutput = InvitationOutput.extend({
  token: z.string().describe('The invitation secret, shown only now. Send it (or the link) to the invited person.'),
  link: z.string().describe('Where the invited person can see the invitation and how to accept it.'),
  instructions: z.string().describe('How the invited person accepts.'),
});
export type CreatedInvitationOutput = z.infer<typeof CreatedInvitationOutput>;

export const InvitationListOutput = z.object({ items: z.array(InvitationOutput) });
export type InvitationListOutput = z.infer<typeof InvitationListOutput>;

export const InvitationTokenQuery = z.strictObject({
  token: z.string().min(1).max(200).describe('The invitation token from the link.'),
});
export type InvitationTokenQuery = z.infer<typeof InvitationTokenQuery>;

export const InvitationPreviewOutput = z.object({
  workspace: z.object({ name: z.string().describe('Name of the workspace you are invited to.') }),
  email: z.string().describe('The email the invitation is for; only it can accept.'),
  role: RoleSchema,
  expiresAt: z.iso.datetime(),
  instructions: z.string().describe('How to accept.'),
});
export type InvitationPreviewOutput = z.infer<typeof InvitationPreviewOutput>;
