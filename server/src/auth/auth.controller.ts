import { Controller, Get, Inject, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../common/auth/principal.js';
import { Operation, Public, ZodBody } from '../common/http/zod-route.decorators.js';
import { AccountService } from './account.service.js';
import {
  ChangePasswordInput,
  MeOutput,
  RefreshInput,
  SessionOutput,
  SignInInput,
  SignOutInput,
  SignUpInput,
  SignUpOutput,
  SwitchWorkspaceInput,
  WorkspaceListOutput,
} from './auth.schemas.js';
import { AuthService } from './auth.service.js';
import { CurrentPrincipal } from './current-principal.decorator.js';

@Controller('auth')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(AccountService) private readonly account: AccountService,
  ) {}

  @Post('sign-up')
  @Public()
  @Operation({
    summary: 'Create an account',
    description:
      'When the email is new, creates the user with a company workspace (tenant, default sales pipeline, OWNER membership), ' +
      'or with an invitation joins its workspace. Always answers 202 with the same body, in the same time, whether or not ' +
      'the email already had an account; then sign in (POST /api/auth/sign-in).',
    response: SignUpOutput,
    status: 202,
  })
  signUp(@ZodBody(SignUpInput) input: SignUpInput): Promise<SignUpOutput> {
    return this.auth.signUp(input);
  }

  @Post('sign-in')
  @Public()
  @Operation({
    summary: 'Sign in',
    description:
      'Exchanges email and password for an access token and a refresh token for one workspace (tenantId, or the first joined). ' +
      'With an invitation, joins its workspace and signs in to it. Repeated failures are throttled (429).',
    response: SessionOutput,
    status: 200,
  })
  signIn(@ZodBody(SignInInput) input: SignInInput, @Req() request: FastifyRequest): Promise<SessionOutput> {
    return this.auth.signIn(input, request.ip ?? 'unknown');
  }

  @Post('refresh')
  @Public()
  @Operation({
    summary: 'Rotate a refresh token',
    description: 'Returns a new access token and a new refresh token; the old one stops working. Reusing an old one revokes the whole session.',
    response: SessionOutput,
    status: 200,
  })
  refresh(@ZodBody(RefreshInput) input: RefreshInput): Promise<SessionOutput> {
    return this.auth.refresh(input);
  }

  @Post('sign-out')
  @Public()
  @Operation({ summary: 'Sign out', description: 'Revokes the refresh token and its whole session.', status: 204 })
  signOut(@ZodBody(SignOutInput) input: SignOutInput): Promise<void> {
    return this.auth.signOut(input);
  }

  @Get('me')
  @Operation({ summary: 'Current user', description: 'The signed-in user, their tenant and role.', response: MeOutput })
  me(@CurrentPrincipal() principal: Principal): Promise<MeOutput> {
    return this.auth.me(principal);
  }

  @Post('password')
  @Operation({
    summary: 'Change your password',
    description: 'Needs the current password. Ends your other sessions (every refresh token) and returns a new token pair.',
    response: SessionOutput,
    status: 200,
  })
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(ChangePasswordInput) input: ChangePasswordInput,
    @Req() request: FastifyRequest,
  ): Promise<SessionOutput> {
    return this.account.changePassword(principal, input, request.ip ?? 'unknown');
  }

  @Get('workspaces')
  @Operation({ summary: 'Your workspaces', description: 'Every workspace you belong to, with your role; a token is for one of them.', response: WorkspaceListOutput })
  workspaces(@CurrentPrincipal() principal: Principal): Promise<WorkspaceListOutput> {
    return this.account.workspaces(principal);
  }

  @Post('switch-workspace')
  @Operation({
    summary: 'Switch workspace',
    description: 'A new access and refresh token for another workspace you belong to.',
    response: SessionOutput,
    status: 200,
  })
  switchWorkspace(@CurrentPrincipal() principal: Principal, @ZodBody(SwitchWorkspaceInput) input: SwitchWorkspaceInput): Promise<SessionOutput> {
    return this.account.switchWorkspace(principal, input);
  }
}
