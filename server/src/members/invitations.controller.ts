import { Controller, Delete, Get, Inject, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { publicBaseUrl } from '../common/http/public-url.js';
import { IdParam, Operation, Public, ZodBody, ZodQuery } from '../common/http/zod-route.decorators.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { InvitationPreview } from './invitation-preview.js';
import {
  CreatedInvitationOutput, CreateInvitationInput, InvitationListOutput, InvitationPreviewOutput, InvitationTokenQuery,
} from './members.schemas.js';
import { MembersService } from './members.service.js';

@Controller('invitations')
export class InvitationsController {
  constructor(
    @Inject(MembersService) private readonly members: MembersService,
    @Inject(InvitationPreview) private readonly preview: InvitationPreview,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @Operation({
    summary: 'Invite someone by email',
    description: 'Admins and owners. Returns the invitation link and token, once: no mail is sent, pass them on yourself.',
    response: CreatedInvitationOutput,
    status: 201,
  })
  create(@CurrentPrincipal() principal: Principal, @ZodBody(CreateInvitationInput) input: CreateInvitationInput, @Req() request: FastifyRequest) {
    return this.members.invite(principal, input, publicBaseUrl(this.config, request.headers.host));
  }

  @Get()
  @Operation({ summary: 'List open invitations', description: 'Admins and owners: invitations not yet accepted or expired.', response: InvitationListOutput })
  list(@CurrentPrincipal() principal: Principal) {
    return this.members.listInvitations(principal);
  }

  @Get('preview')
  @Public()
  @Operation({
    summary: 'What an invitation link is for',
    description: 'The workspace, email and role of an open invitation, and how to accept it. Where the invitation link points.',
    response: InvitationPreviewOutput,
  })
  show(@ZodQuery(InvitationTokenQuery) query: InvitationTokenQuery) {
    return this.preview.describe(query.token);
  }

  @Delete(':id')
  @Operation({ summary: 'Revoke an open invitation', description: 'Admins and owners.', status: 204 })
  async revoke(@CurrentPrincipal() principal: Principal, @IdParam('Invitation') id: string): Promise<void> {
    await this.members.revokeInvitation(principal, id);
  }
}
