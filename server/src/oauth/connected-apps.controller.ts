import { Controller, Delete, Get, Inject } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IdParam, Operation } from '../common/http/zod-route.decorators.js';
import { ConnectedAppList } from './connected-apps.schemas.js';
import { ConnectedAppsService } from './connected-apps.service.js';

@Controller('connected-apps')
export class ConnectedAppsController {
  constructor(@Inject(ConnectedAppsService) private readonly apps: ConnectedAppsService) {}

  @Get()
  @Operation({
    summary: 'Connected apps',
    description: 'The OAuth applications (MCP clients) you allowed, in all your workspaces, with their scopes and last use.',
    response: ConnectedAppList,
  })
  list(@CurrentPrincipal() principal: Principal): Promise<ConnectedAppList> {
    return this.apps.list(principal);
  }

  @Delete(':id')
  @Operation({
    summary: 'Disconnect an app',
    description: 'Revokes the grant and all its tokens; its next request is refused.',
    status: 204,
  })
  revoke(@CurrentPrincipal() principal: Principal, @IdParam('Connected app') id: string): Promise<void> {
    return this.apps.revoke(principal, id);
  }
}
