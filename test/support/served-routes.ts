import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ApplicationConfig, Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../../server/src/common/http/zod-route.decorators.js';
import { discoverRoutes, toOpenApiPath } from '../../server/src/openapi/route-discovery.js';

/** `get /api/contacts/{id}`: the key every route table in the tests uses. */
export type RouteKey = string;

/** The routes Express actually serves, read from its router (as test/openapi.e2e-spec.ts does). */
export function servedRoutes(app: INestApplication): RouteKey[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: object } }[] } };
  const keys = express.router.stack
    // Nest's catch-all under the prefix only answers unknown paths with 404.
    .filter((layer) => layer.route && layer.route.path !== '/api{/*splat}')
    .flatMap((layer) => Object.keys(layer.route!.methods)
      .filter((verb) => verb !== '_all')
      .map((verb) => `${verb} ${toOpenApiPath(layer.route!.path)}`));
  return [...new Set(keys)].sort();
}

export interface DeclaredRoute {
  /** Whether the global auth guard lets anonymous callers through. */
  guard: 'public' | 'bearer';
  /** The route validates a query string (lists and filters). */
  query: boolean;
}

/** Every route Nest declares, read from its decorators' metadata. */
export function declaredRoutes(app: INestApplication): Map<RouteKey, DeclaredRoute> {
  const reflector = app.get(Reflector);
  const classes = new Map(app.get(DiscoveryService).getControllers().map((w) => [w.metatype?.name, w.metatype]));
  const routes = new Map<RouteKey, DeclaredRoute>();
  for (const route of discoverRoutes(app.get(DiscoveryService), app.get(MetadataScanner), app.get(ApplicationConfig))) {
    const controller = classes.get(route.controller) as { prototype: Record<string, () => unknown> } & (new () => unknown);
    // The same lookup the guard (server/src/auth/auth.guard.ts) makes.
    const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, [controller.prototype[route.handler]!, controller]);
    routes.set(`${route.method} ${route.path}`, { guard: isPublic ? 'public' : 'bearer', query: route.doc.query !== undefined });
  }
  return routes;
}

/** True when a concrete path (query string ignored) is an instance of the route's template. */
export function pathMatches(template: string, path: string): boolean {
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+');
  return new RegExp(`^${pattern}$`).test(path.split('?')[0]!);
}
