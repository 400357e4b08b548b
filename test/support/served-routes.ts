import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ApplicationConfig, Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../../server/src/common/http/zod-route.decorators.js';
import { discoverRoutes, toOpenApiPath } from '../../server/src/openapi/route-discovery.js';

/** `get /api/contacts/{id}`: the key every route table in the tests uses. */
export type RouteKey = string;

const registered = new WeakMap<INestApplication, RouteKey[]>();

/**
 * Records every route Fastify registers for `app`: the ground truth of what is served.
 * Must run before the app is initialised (startTestApp does it before listen).
 */
export function recordServedRoutes(app: INestApplication): void {
  const keys: RouteKey[] = [];
  registered.set(app, keys);
  const fastify = app.getHttpAdapter().getInstance() as { addHook(name: 'onRoute', hook: (route: { method: string | string[]; url: string }) => void): void };
  fastify.addHook('onRoute', (route) => {
    // HEAD is Fastify's automatic twin of every GET, not a route of ours.
    for (const method of [route.method].flat().filter((verb) => verb !== 'HEAD')) {
      keys.push(`${method.toLowerCase()} ${toOpenApiPath(route.url)}`);
    }
  });
}

/** The routes Fastify actually serves, as recorded by recordServedRoutes. */
export function servedRoutes(app: INestApplication): RouteKey[] {
  const keys = registered.get(app);
  if (!keys) throw new Error('servedRoutes needs an app started by startTestApp');
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
