import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService } from '../auth/auth.service.js';
import { SignUpInput } from '../auth/auth.schemas.js';
import { toDomainError } from '../common/errors/to-domain-error.js';
import { Operation, Public } from '../common/http/zod-route.decorators.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import {
  AuthorizeQuery,
  checkAuthorizationRequest,
  checkRedirectTarget,
  PageError,
  redirectWith,
  type AuthorizationRequest,
} from './authorization-request.js';
import { FormTickets } from './form-tickets.js';
import { OAuthClients, UnknownClientError } from './oauth-clients.js';
import { OAuthConsentService } from './oauth-consent.service.js';
import { oauthEndpoints } from './oauth-endpoints.js';
import { OAuthTokensService } from './oauth-tokens.service.js';
import { consentPage } from './pages/consent-page.js';
import { errorPage } from './pages/error-page.js';
import { pageCsp } from './pages/html.js';
import { loginPage } from './pages/login-page.js';
import { OAUTH_CSS } from './pages/oauth-css.js';
import { signUpPage } from './pages/sign-up-page.js';

type Form = Record<string, unknown>;

/**
 * The authorization endpoint and its pages: sign in (or sign up), then consent, then back to
 * the client with code, state and iss. Pages are plain server-rendered HTML; the flow's state
 * travels in a signed ticket bound to a CSRF cookie (FormTickets).
 */
@Controller('oauth')
export class OAuthAuthorizeController {
  constructor(
    @Inject(OAuthClients) private readonly clients: OAuthClients,
    @Inject(FormTickets) private readonly tickets: FormTickets,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(OAuthConsentService) private readonly consent: OAuthConsentService,
    @Inject(OAuthTokensService) private readonly tokens: OAuthTokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('authorize')
  @Public()
  @Operation({ summary: 'OAuth authorization endpoint: the sign-in page of the authorization code flow (HTML).' })
  async authorize(@Query() rawQuery: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.page(reply, async () => {
      const query = AuthorizeQuery.safeParse(rawQuery);
      if (!query.success) throw new PageError('The authorization request repeats a parameter or has one that is too long. Start the connection again from the application.');
      if (!query.data.client_id) throw new PageError('The authorization request has no client_id. Start the connection again from the application.');
      const client = await this.clients.find(query.data.client_id);
      const redirectUri = checkRedirectTarget(query.data, client);
      const endpoints = oauthEndpoints(this.config, request);
      const checked = checkAuthorizationRequest(query.data, client, redirectUri, endpoints);
      if (!('clientId' in checked)) {
        // The redirect URI is trusted from here on: the client hears about the problem.
        const location = redirectWith(checked.redirectUri, {
          error: checked.error,
          error_description: checked.description,
          state: checked.state,
          iss: endpoints.issuer,
        });
        return void reply.code(303).header('Location', location).header('Cache-Control', 'no-store').send();
      }
      const csrf = this.tickets.csrfValue(request.headers.cookie);
      const ticket = await this.tickets.issue(checked, csrf);
      this.sendHtml(reply, 200, loginPage({ clientName: checked.clientName, ticket, csrf }), csrf, request);
    });
  }

  @Post('authorize/login')
  @Public()
  @Operation({ summary: 'Sign-in form of the authorization page (HTML form post).', status: 200 })
  async login(@Body() form: Form, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.page(reply, async () => {
      const { request: authorization } = await this.tickets.verify(form?.ticket, form?.csrf, request.headers.cookie);
      const csrf = form.csrf as string;
      const ticket = form.ticket as string;
      const email = typeof form.email === 'string' ? form.email.trim().slice(0, 254) : '';
      const password = typeof form.password === 'string' ? form.password.slice(0, 256) : '';
      let userId: string;
      try {
        if (!email || !password) throw new PageError('Enter your email and password.', 400);
        userId = await this.auth.verifyPassword({ email, password }, request.ip ?? 'unknown');
      } catch (error) {
        const domainError = toDomainError(error);
        const known = error instanceof PageError || domainError?.code === 'unauthenticated' || domainError?.code === 'rate_limited' || domainError?.code === 'validation_failed';
        if (!known) throw error;
        const status = domainError?.code === 'rate_limited' ? 429 : error instanceof PageError ? 400 : 401;
        const text = error instanceof Error ? error.message : 'Sign-in failed.';
        return this.sendHtml(reply, status, loginPage({ clientName: authorization.clientName, ticket, csrf, email, error: text }), csrf, request);
      }
      await this.showConsent(reply, request, authorization, userId, csrf);
    });
  }

  @Post('authorize/consent')
  @Public()
  @Operation({ summary: 'Consent form of the authorization page: allow or deny, then back to the application.', status: 303 })
  async decide(@Body() form: Form, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.page(reply, async () => {
      const { request: authorization, userId } = await this.tickets.verify(form?.ticket, form?.csrf, request.headers.cookie);
      if (!userId) throw new PageError('Sign in first. Go back to the application and connect again.');
      const back = (params: Record<string, string | undefined>) =>
        void reply
          .code(303)
          .header('Location', redirectWith(authorization.redirectUri, { ...params, state: authorization.state, iss: authorization.issuer }))
          .header('Cache-Control', 'no-store')
          .send();
      if (form.decision !== 'approve') return back({ error: 'access_denied', error_description: 'The user denied access.' });
      const { workspaces } = await this.consent.personOf(userId);
      const workspace = workspaces.find((candidate) => candidate.tenantId === form.tenantId);
      if (!workspace) throw new PageError('Choose one of your workspaces. Go back to the application and connect again.');
      const code = await this.tokens.createCode(authorization, userId, workspace.tenantId);
      back({ code });
    });
  }

  @Get('sign-up')
  @Public()
  @Operation({ summary: 'Account creation page of the authorization flow (HTML).' })
  async signUpForm(@Query('ticket') ticket: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.page(reply, async () => {
      const csrf = this.tickets.csrfValue(request.headers.cookie);
      const { request: authorization } = await this.tickets.verify(ticket, csrf, request.headers.cookie);
      this.sendHtml(reply, 200, signUpPage({ clientName: authorization.clientName, ticket: ticket as string, csrf }), csrf, request);
    });
  }

  @Post('sign-up')
  @Public()
  @Operation({ summary: 'Account creation form of the authorization flow (HTML form post).', status: 200 })
  async signUp(@Body() form: Form, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.page(reply, async () => {
      const { request: authorization } = await this.tickets.verify(form?.ticket, form?.csrf, request.headers.cookie);
      const csrf = form.csrf as string;
      const ticket = form.ticket as string;
      const values = { email: String(form.email ?? ''), name: String(form.name ?? ''), company: String(form.company ?? '') };
      const parsed = SignUpInput.safeParse({ ...values, password: form.password });
      const again = (error: string, status: number) =>
        this.sendHtml(reply, status, signUpPage({ clientName: authorization.clientName, ticket, csrf, values, error }), csrf, request);
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'form')))];
        return again(`Check these fields: ${fields.join(', ')}. The password needs at least 10 characters.`, 400);
      }
      try {
        await this.auth.signUp(parsed.data);
      } catch (error) {
        const domainError = toDomainError(error);
        if (!domainError || domainError.code === 'validation_failed') throw error;
        if (domainError.code !== 'conflict') return again(domainError.message, 400);
        // An existing email gets the same page as a new account: sign-up does not reveal it.
      }
      this.sendHtml(reply, 200, loginPage({ clientName: authorization.clientName, ticket, csrf, email: parsed.data.email, notice: 'Account ready. Sign in to continue.' }), csrf, request);
    });
  }

  @Get('assets/oauth.css')
  @Public()
  @Operation({ summary: 'Stylesheet of the authorization pages.' })
  stylesheet(@Res() reply: FastifyReply): void {
    void reply.header('Cache-Control', 'public, max-age=3600').type('text/css; charset=utf-8').send(OAUTH_CSS);
  }

  private async showConsent(reply: FastifyReply, request: FastifyRequest, authorization: AuthorizationRequest, userId: string, csrf: string): Promise<void> {
    const person = await this.consent.personOf(userId);
    if (person.workspaces.length === 0) throw new PageError('Your account is not a member of any workspace, so there is nothing to connect.', 403);
    const ticket = await this.tickets.issue(authorization, csrf, userId);
    const html = consentPage({
      clientName: authorization.clientName,
      redirectUri: authorization.redirectUri,
      scopes: authorization.scopes,
      userEmail: person.email,
      workspaces: person.workspaces,
      ticket,
      csrf,
    });
    this.sendHtml(reply, 200, html, csrf, request, authorization.redirectUri);
  }

  /** HTML with the pages' CSP; `redirectUri` is the one extra place its form may lead to. */
  private sendHtml(reply: FastifyReply, status: number, html: string, csrf: string, request: FastifyRequest, redirectUri?: string): void {
    const secure = oauthEndpoints(this.config, request).issuer.startsWith('https:');
    void reply
      .code(status)
      .header('Content-Security-Policy', pageCsp(redirectUri))
      .header('Cache-Control', 'no-store')
      .header('Set-Cookie', this.tickets.csrfCookie(csrf, secure))
      .type('text/html; charset=utf-8')
      .send(html);
  }

  /** Problems before the client's redirect URI is trusted are shown, never redirected. */
  private async page(reply: FastifyReply, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof PageError) && !(error instanceof UnknownClientError)) throw error;
      const status = error instanceof PageError ? error.status : 400;
      void reply
        .code(status)
        .header('Content-Security-Policy', pageCsp())
        .header('Cache-Control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(errorPage(error.message));
    }
  }
}
