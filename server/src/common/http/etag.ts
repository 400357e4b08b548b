import {
  type CallHandler, createParamDecorator, type ExecutionContext, Injectable, type NestInterceptor, UseInterceptors,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { DomainError } from '../errors/domain-error.js';
import { mergeRouteDoc } from './route-metadata.js';

// ETags are the row version as a strong entity tag ("7"): If-Match compares strongly
// (RFC 9110 13.1.1), and the version is what a conditional write checks (ADR 0013).

export function etagOf(version: number): string {
  return `"${version}"`;
}

const STRONG_VERSION_TAG = /^"([1-9]\d{0,9})"$/;
const IF_MATCH_FORM = 'send one ETag exactly as a GET or write answered it, e.g. If-Match: "3"';

/**
 * The version an If-Match header asks for: undefined when absent or `*` (the record must
 * merely exist, which every write checks anyway). Anything but one of our strong tags is a
 * 400: a weak tag can never match under strong comparison, and lists are not accepted.
 */
export function versionFromIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '*') return undefined;
  const match = STRONG_VERSION_TAG.exec(value);
  const version = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(version) || version > 2_147_483_647) {
    throw DomainError.validation([{ path: 'If-Match', message: `is not a version this server issued; ${IF_MATCH_FORM}` }]);
  }
  return version;
}

const ifMatchHeader = createParamDecorator((_data: unknown, context: ExecutionContext): number | undefined =>
  versionFromIfMatch(context.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
);

/** The `If-Match` request header as the expected row version (undefined: write regardless). */
export function IfMatch(): ParameterDecorator {
  return (target, key, index) => {
    mergeRouteDoc((target as Record<string | symbol, object>)[key!], { ifMatch: true });
    ifMatchHeader()(target, key, index);
  };
}

/** Sets `ETag` from the `version` of the record a handler returns. */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const version = (body as { version?: unknown } | null | undefined)?.version;
        if (typeof version === 'number') void reply.header('ETag', etagOf(version));
        return body;
      }),
    );
  }
}

/** Marks a route answering one versioned record: it gets an ETag header, documented in OpenAPI. */
export function Versioned(): MethodDecorator {
  return (target, key, descriptor) => {
    mergeRouteDoc(descriptor.value as object, { etag: true });
    UseInterceptors(ETagInterceptor)(target, key, descriptor);
  };
}
