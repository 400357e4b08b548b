import { Controller, Delete, Get, Inject, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IdParam, Operation, ZodBody } from '../common/http/zod-route.decorators.js';
import { ApiKeyListOutput, CreateApiKeyInput, CreatedApiKeyOutput } from './api-keys.schemas.js';
import { ApiKeysService } from './api-keys.service.js';

@Controller()
export class ApiKeysController {
  constructor(@Inject(ApiKeysService) private readonly keys: ApiKeysService) {}

  @Post('api-keys')
  @Operation({
    summary: 'Create an API key',
    description: 'For scripts, pipelines and MCP clients: acts as you in this workspace with the chosen scopes. The key is in this answer only. Needs a signed-in session, not a key.',
    response: CreatedApiKeyOutput,
    status: 201,
  })
  create(@CurrentPrincipal() principal: Principal, @ZodBody(CreateApiKeyInput) input: CreateApiKeyInput) {
    return this.keys.create(principal, input);
  }

  @Get('api-keys')
  @Operation({ summary: 'List your API keys', description: 'Your keys in this workspace, without their secrets.', response: ApiKeyListOutput })
  listOwn(@CurrentPrincipal() principal: Principal) {
    return this.keys.listOwn(principal);
  }

  @Delete('api-keys/:id')
  @Operation({
    summary: 'Revoke an API key',
    description: 'Your own key, or as an admin or owner any key in the workspace. The next request with it gets 401.',
    status: 204,
  })
  async revoke(@CurrentPrincipal() principal: Principal, @IdParam('API key') id: string): Promise<void> {
    await this.keys.revoke(principal, id);
  }

  @Get('workspace/api-keys')
  @Operation({ summary: 'List every API key in the workspace', description: 'Admins and owners: every member\'s keys, without their secrets.', response: ApiKeyListOutput })
  listAll(@CurrentPrincipal() principal: Principal) {
    return this.keys.listAll(principal);
  }
}
