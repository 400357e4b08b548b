import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { ErrorFormats } from '../common/errors/error-formats.js';
import { AuthModule } from '../auth/auth.module.js';
import { ConnectedAppsController } from './connected-apps.controller.js';
import { ConnectedAppsService } from './connected-apps.service.js';
import { FormTickets } from './form-tickets.js';
import { OAuthAuthorizeController } from './oauth-authorize.controller.js';
import { OAuthClients } from './oauth-clients.js';
import { OAuthConsentService } from './oauth-consent.service.js';
import { oauthErrorFormat } from './oauth-error.format.js';
import { OAuthMetadataController } from './oauth-metadata.controller.js';
import { OAuthRegistrationController } from './oauth-registration.controller.js';
import { OAuthTokenController } from './oauth-token.controller.js';
import { OAuthTokensService } from './oauth-tokens.service.js';

/** The OAuth 2.1 authorization server for /api/mcp (ADR 0030) and the user's connected apps. */
@Module({
  imports: [AuthModule],
  controllers: [OAuthMetadataController, OAuthRegistrationController, OAuthAuthorizeController, OAuthTokenController, ConnectedAppsController],
  providers: [OAuthClients, FormTickets, OAuthConsentService, OAuthTokensService, ConnectedAppsService],
})
export class OAuthModule implements OnModuleInit {
  constructor(@Inject(ErrorFormats) private readonly errorFormats: ErrorFormats) {}

  onModuleInit(): void {
    this.errorFormats.register(oauthErrorFormat);
  }
}
