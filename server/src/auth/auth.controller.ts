import { Controller, Get, Inject, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../common/auth/principal.js';
import { Operation, Public, ZodBody } from '../common/http/zod-route.decorators.js';
import {
  MeOutput,
  RefreshInput,
  SessionOutput,
  SignInInput,
  SignOutInput,
  SignUpInput,
} from './auth.schemas.js';
import { AuthService } from './auth.service.js';
import { CurrentPrincipal } from './current-principal.decorator.js';

@Controller('auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('sign-up')
  @Public()
  @Operation({
    summary: 'Create an account',
    description: 'Creates a user, a company workspace (tenant) with the default sales pipeline and an OWNER membership, and signs in.',
    response: SessionOutput,
    status: 201,
  })
  signUp(@ZodBody(SignUpInput) input: SignUpInput): Promise<SessionOutput> {
    return this.auth.signUp(input);
  }

  @Post('sign-in')
  @Public()
  @Operation({
    summary: 'Sign in',
    description: 'Exchanges email and password for an access token and a refresh token. Repeated failures are throttled (429).',
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
}
