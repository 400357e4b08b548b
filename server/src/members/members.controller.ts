import { Controller, Delete, Get, Inject, Patch } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IdParam, Operation, ZodBody } from '../common/http/zod-route.decorators.js';
import { ChangeRoleInput, MemberListOutput, MemberOutput } from './members.schemas.js';
import { MembersService } from './members.service.js';

@Controller('members')
export class MembersController {
  constructor(@Inject(MembersService) private readonly members: MembersService) {}

  @Get()
  @Operation({ summary: 'List the members of the workspace', description: 'Every role may list members (to pick an owner or assignee).', response: MemberListOutput })
  list(@CurrentPrincipal() principal: Principal) {
    return this.members.list(principal);
  }

  @Patch(':id')
  @Operation({
    summary: 'Change a member\'s role',
    description: 'Admins and owners; only an owner makes someone an owner or changes an owner, and the last owner stays one.',
    response: MemberOutput,
  })
  changeRole(@CurrentPrincipal() principal: Principal, @IdParam('Member') userId: string, @ZodBody(ChangeRoleInput) input: ChangeRoleInput) {
    return this.members.changeRole(principal, userId, input);
  }

  @Delete(':id')
  @Operation({
    summary: 'Remove a member',
    description: 'Admins and owners. Takes effect on the member\'s next request: their tokens, API keys and app grants for this workspace stop working.',
    status: 204,
  })
  async remove(@CurrentPrincipal() principal: Principal, @IdParam('Member') userId: string): Promise<void> {
    await this.members.remove(principal, userId);
  }
}
