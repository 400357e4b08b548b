import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ApplicationConfig, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-builder.js';
import { discoverRoutes } from './route-discovery.js';
import { swaggerUiInitializer, swaggerUiPage } from './swagger-ui.js';

/**
 * Holds the OpenAPI document, built once when the application has registered every
 * route (the global prefix is known by then), and the docs page that renders it.
 */
@Injectable()
export class OpenApiDocumentService implements OnApplicationBootstrap {
  private built?: { document: OpenApiDocument; json: string; page: string; initializer: string };

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(ApplicationConfig) private readonly config: ApplicationConfig,
  ) {}

  onApplicationBootstrap(): void {
    const document = buildOpenApiDocument(discoverRoutes(this.discovery, this.scanner, this.config));
    const prefix = this.config.getGlobalPrefix().replace(/^\/+|\/+$/g, '');
    const docsUrl = `${prefix ? `/${prefix}` : ''}/docs`;
    this.built = {
      document,
      json: JSON.stringify(document),
      page: swaggerUiPage(`${docsUrl}/assets`),
      initializer: swaggerUiInitializer(`${docsUrl}/openapi.json`),
    };
  }

  get document(): OpenApiDocument {
    return this.ready().document;
  }

  get json(): string {
    return this.ready().json;
  }

  get page(): string {
    return this.ready().page;
  }

  get initializer(): string {
    return this.ready().initializer;
  }

  private ready(): NonNullable<OpenApiDocumentService['built']> {
    if (!this.built) throw new Error('The OpenAPI document is built at application bootstrap; it is not ready yet.');
    return this.built;
  }
}
