import type { z } from 'zod';

/**
 * What a REST handler accepts and returns, recorded by the decorators in
 * zod-route.decorators.ts. The OpenAPI builder reads it; nothing is declared twice.
 */
export interface RouteDoc {
  summary?: string;
  description?: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Entity name of an `:id` path parameter. */
  idParam?: string;
  response?: z.ZodType;
  status?: number;
  /** The success answer carries an ETag: the version of the record it returns. */
  etag?: boolean;
  /** The route honours If-Match (412 when stale). */
  ifMatch?: boolean;
  /** Marks routes reachable without a bearer token. */
  public?: boolean;
}

export const ROUTE_DOC = Symbol('synapse:route-doc');

export function routeDocOf(handler: object): RouteDoc {
  return (Reflect.getMetadata(ROUTE_DOC, handler) as RouteDoc | undefined) ?? {};
}

export function mergeRouteDoc(handler: object, doc: RouteDoc): void {
  Reflect.defineMetadata(ROUTE_DOC, { ...routeDocOf(handler), ...doc }, handler);
}
