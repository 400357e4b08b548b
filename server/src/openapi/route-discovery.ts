import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { ApplicationConfig, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { routeDocOf, type RouteDoc } from '../common/http/route-metadata.js';

/** One HTTP operation as Nest serves it, with the zod metadata its decorators recorded. */
export interface DiscoveredRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options' | 'head';
  /** OpenAPI form, global prefix included: `/api/contacts/{id}`. */
  path: string;
  pathParams: string[];
  /** Success status: @HttpCode's (which @Operation sets), else Nest's default. */
  status: number;
  controller: string;
  handler: string;
  doc: RouteDoc;
}

const METHODS: Partial<Record<RequestMethod, DiscoveredRoute['method'][]>> = {
  [RequestMethod.GET]: ['get'],
  [RequestMethod.POST]: ['post'],
  [RequestMethod.PUT]: ['put'],
  [RequestMethod.PATCH]: ['patch'],
  [RequestMethod.DELETE]: ['delete'],
  [RequestMethod.OPTIONS]: ['options'],
  [RequestMethod.HEAD]: ['head'],
  // @All() serves every verb; document the ones a client would use.
  [RequestMethod.ALL]: ['get', 'post', 'put', 'patch', 'delete'],
};

/** Walks every controller method carrying a route, the way Nest's router composes its path. */
export function discoverRoutes(discovery: DiscoveryService, scanner: MetadataScanner, config: ApplicationConfig): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { metatype, instance } = wrapper;
    if (!metatype || !instance) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, object>;
    const controllerPaths = asList(Reflect.getMetadata(PATH_METADATA, metatype) as string | string[] | undefined);
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (methodPaths === undefined) continue;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      const httpCode = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
      for (const method of METHODS[requestMethod] ?? []) {
        for (const controllerPath of controllerPaths) {
          for (const methodPath of asList(methodPaths)) {
            const nestPath = joinPath(controllerPath, methodPath);
            const prefixed = withGlobalPrefix(config, nestPath, requestMethod);
            routes.push({
              method,
              path: toOpenApiPath(prefixed),
              pathParams: [...prefixed.matchAll(/:(\w+)/g)].map((match) => match[1]!),
              status: httpCode ?? (method === 'post' ? 201 : 200),
              controller: metatype.name,
              handler: name,
              doc: routeDocOf(handler),
            });
          }
        }
      }
    }
  }
  return routes;
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [''];
  return Array.isArray(value) ? value : [value];
}

function joinPath(...parts: string[]): string {
  const joined = parts.flatMap((part) => part.split('/')).filter(Boolean).join('/');
  return `/${joined}`;
}

function withGlobalPrefix(config: ApplicationConfig, path: string, method: RequestMethod): string {
  const prefix = config.getGlobalPrefix();
  if (!prefix) return path;
  const excluded = (config.getGlobalPrefixOptions().exclude ?? []).some(
    (route) => (route.requestMethod === RequestMethod.ALL || route.requestMethod === method) && route.pathRegex.test(path),
  );
  return excluded ? path : joinPath(prefix, path);
}

/** `/api/contacts/:id` -> `/api/contacts/{id}` */
export function toOpenApiPath(nestPath: string): string {
  return nestPath.replace(/:(\w+)/g, '{$1}');
}
