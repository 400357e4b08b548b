import { z } from 'zod';
import {
  createDocument,
  type oas31,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { ERROR_RESPONSES, ProblemDetailsSchema, type ErrorStatus } from './problem.schemas.js';
import type { DiscoveredRoute } from './route-discovery.js';

export type OpenApiDocument = oas31.OpenAPIObject;

const BEARER = 'bearer';
const WRITES = new Set(['post', 'put', 'patch']);

/** Builds the OpenAPI 3.1 document from the routes and the zod schemas they validate with. */
export function buildOpenApiDocument(routes: DiscoveredRoute[]): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  const operationIds = new Set<string>();
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    const operation = describeOperation(route, operationIds);
    paths[route.path] = { ...paths[route.path], [route.method]: operation };
  }
  try {
    return createDocument({
      openapi: '3.1.0',
      info: {
        title: 'Synapse CRM API',
        version: '1.0.0',
        description:
          'Multi-tenant CRM. Every call is confined to the tenant of the bearer token. ' +
          'Errors are RFC 9457 problem+json bodies with a stable `code`. Lists use keyset pagination: pass `nextCursor` back as `cursor`.',
      },
      security: [{ [BEARER]: [] }],
      paths,
      components: {
        securitySchemes: {
          [BEARER]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /api/auth/sign-in.' },
        },
        schemas: { ProblemDetails: ProblemDetailsSchema },
        responses: Object.fromEntries(
          Object.values(ERROR_RESPONSES).map(({ id, description }) => [
            id,
            { description, content: { 'application/problem+json': { schema: ProblemDetailsSchema } } },
          ]),
        ),
      },
    }) as OpenApiDocument;
  } catch (error) {
    // Name the culprit: a schema that is not plain JSON Schema must not hide in a generic boot failure.
    throw new Error(`OpenAPI: cannot describe the routes' zod schemas: ${(error as Error).message}`, { cause: error });
  }
}

function describeOperation(route: DiscoveredRoute, operationIds: Set<string>): ZodOpenApiOperationObject {
  const { doc, method, pathParams } = route;
  const tag = route.controller.replace(/Controller$/, '');
  let operationId = `${lowerFirst(tag)}_${route.handler}`;
  if (operationIds.has(operationId)) operationId += `_${method}`;
  operationIds.add(operationId);

  const hasBody = WRITES.has(method) && doc.body !== undefined;
  const { status } = route;
  const responses: ZodOpenApiResponsesObject = {
    [String(status) as '200']: {
      description: doc.summary ?? 'Success',
      ...(doc.etag ? { headers: { ETag: ETAG_HEADER } } : {}),
      ...(doc.response && status !== 204 ? { content: { 'application/json': { schema: doc.response } } } : {}),
    },
  };
  for (const code of errorStatuses(route, hasBody)) {
    responses[String(code) as '400'] = { $ref: `#/components/responses/${ERROR_RESPONSES[code].id}` };
  }

  return {
    operationId,
    tags: [tag],
    ...(doc.summary ? { summary: doc.summary } : {}),
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.public ? { security: [] } : {}),
    ...(pathParams.length || doc.query || doc.ifMatch
      ? {
          requestParams: {
            ...(pathParams.length ? { path: pathSchema(pathParams, doc.idParam) } : {}),
            ...(doc.query ? { query: doc.query as z.ZodObject } : {}),
            ...(doc.ifMatch ? { header: IF_MATCH_PARAM } : {}),
          },
        }
      : {}),
    ...(hasBody ? { requestBody: { required: true, content: { 'application/json': { schema: doc.body! } } } } : {}),
    responses,
  };
}

const ETAG_HEADER = {
  description: 'The record\'s version as a strong entity tag, e.g. "3". Send it back as If-Match to write only if nobody changed it meanwhile.',
  schema: { type: 'string' as const, example: '"3"' },
};

const IF_MATCH_PARAM = z.object({
  'If-Match': z.string().optional()
    .describe('An ETag from a read or write of this record, e.g. "3": the write happens only if the record is still at that version (412 otherwise). Omit it to write regardless.'),
});

/** Which problem responses a route can produce, read from what it accepts. */
function errorStatuses(route: DiscoveredRoute, hasBody: boolean): ErrorStatus[] {
  const { doc, method, pathParams } = route;
  const statuses: ErrorStatus[] = [];
  if (hasBody || doc.query || doc.ifMatch) statuses.push(400);
  // Anonymous writes still check credentials or tokens carried in the body (sign-in, refresh).
  if (!doc.public || WRITES.has(method)) statuses.push(401);
  // Path ids, and ids referenced from a body, answer 404 when missing or another tenant's.
  if (pathParams.length || (hasBody && !doc.public)) statuses.push(404);
  if (hasBody) statuses.push(409);
  if (doc.ifMatch) statuses.push(412);
  if (WRITES.has(method) && pathParams.length) statuses.push(422);
  // Anonymous write endpoints (sign-in, sign-up, refresh) are rate limited.
  if (doc.public && WRITES.has(method)) statuses.push(429);
  // Everything that reaches the database (authenticated routes check the membership there);
  // the public reads (health, docs) answer for themselves.
  if (!doc.public || WRITES.has(method)) statuses.push(503);
  statuses.push(500);
  return statuses;
}

function pathSchema(params: string[], idEntity: string | undefined): z.ZodObject {
  return z.object(
    Object.fromEntries(
      params.map((name) => [
        name,
        name === 'id' && idEntity ? z.uuid().describe(`${idEntity} id.`) : z.string().describe(`The ${name} path segment.`),
      ]),
    ),
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
