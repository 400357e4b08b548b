import { Controller, Get, Header, Inject, Param, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { createReadStream } from 'node:fs';
import { DomainError } from '../common/errors/domain-error.js';
import { Operation, Public } from '../common/http/zod-route.decorators.js';
import { OpenApiDocumentService } from './openapi-document.service.js';
import { SWAGGER_UI_FILES } from './swagger-ui.js';

const INITIALIZER = 'swagger-initializer.js';

@Controller('docs')
export class DocsController {
  constructor(@Inject(OpenApiDocumentService) private readonly docs: OpenApiDocumentService) {}

  @Get()
  @Public()
  @Operation({ summary: 'Interactive API documentation (Swagger UI, HTML).' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return this.docs.page;
  }

  @Get('openapi.json')
  @Public()
  @Operation({ summary: 'This OpenAPI 3.1 document, as JSON.' })
  @Header('Content-Type', 'application/json; charset=utf-8')
  document(): string {
    return this.docs.json;
  }

  @Get('assets/:file')
  @Public()
  @Operation({ summary: 'Static files of the Swagger UI page.' })
  asset(@Param('file') file: string, @Res({ passthrough: true }) res: FastifyReply): StreamableFile | string {
    void res.header('Cache-Control', 'public, max-age=86400');
    if (file === INITIALIZER) {
      void res.type('text/javascript; charset=utf-8');
      return this.docs.initializer;
    }
    const asset = Object.hasOwn(SWAGGER_UI_FILES, file) ? SWAGGER_UI_FILES[file] : undefined;
    if (!asset) throw DomainError.notFound('Docs asset', file);
    return new StreamableFile(createReadStream(asset.path), { type: asset.type });
  }
}
