import { Module } from '@nestjs/common';
import { InvitationPreview } from './invitation-preview.js';
import { Invitations } from './invitations.js';
import { InvitationsController } from './invitations.controller.js';
import { MembersController } from './members.controller.js';
import { MembersService } from './members.service.js';

@Module({
  controllers: [MembersController, InvitationsController],
  providers: [MembersService, Invitations, InvitationPreview],
  exports: [MembersService, Invitations],
})
export class MembersModule {}
