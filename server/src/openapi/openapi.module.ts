import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DocsController } from './docs.controller.js';
import { OpenApiDocumentService } from './openapi-document.service.js';

/** OpenAPI 3.1 at /api/docs/openapi.json and Swagger UI at /api/docs, both public. */
@Module({
  imports: [DiscoveryModule],
  controllers: [DocsController],
  providers: [OpenApiDocumentService],
  exports: [OpenApiDocumentService],
})
export class OpenApiModule {}
