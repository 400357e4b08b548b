import { Body, HttpCode, Param, Query, SetMetadata } from '@nestjs/common';
import { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';
import { validationErrorOf } from '../errors/zod-issues.js';
import { coerceQuery } from '../validation/query-coercion.js';
import { ZodValidationPipe } from '../validation/zod-validation.pipe.js';
import { mergeRouteDoc, type RouteDoc } from './route-metadata.js';

type Handler = (target: object, key: string | symbol, descriptor: PropertyDescriptor) => void;

/** Describes the operation and its response; sets the success status code. */
export function Operation(doc: Pick<RouteDoc, 'summary' | 'description' | 'response' | 'status'>): Handler {
  return (target, key, descriptor) => {
    mergeRouteDoc(descriptor.value, doc);
    if (doc.status) HttpCode(doc.status)(target, key, descriptor);
  };
}

/** Routes open to anonymous callers (sign-in, health, docs). Read by the auth guard. */
export const IS_PUBLIC = 'synapse:public';
export function Public(): Handler {
  return (target, key, descriptor) => {
    mergeRouteDoc(descriptor.value, { public: true });
    SetMetadata(IS_PUBLIC, true)(target, key, descriptor);
  };
}

/** Validated JSON body. */
export function ZodBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    mergeRouteDoc((target as Record<string | symbol, object>)[key!], { body: schema });
    Body(new ZodValidationPipe(schema))(target, key, index);
  };
}

/** Validated query string; numbers, booleans and lists are decoded from text first. */
export function ZodQuery(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    mergeRouteDoc((target as Record<string | symbol, object>)[key!], { query: schema });
    Query({
      transform: (raw: Record<string, unknown>) => {
        const parsed = schema.safeParse(coerceQuery(schema, raw ?? {}));
        if (!parsed.success) throw validationErrorOf(parsed.error);
        return parsed.data;
      },
    })(target, key, index);
  };
}

const uuid = z.uuid();

/**
 * The `:id` path parameter. A malformed id answers exactly like a missing one,
 * because to the caller it is one.
 */
export function IdParam(entity: string): ParameterDecorator {
  return (target, key, index) => {
    mergeRouteDoc((target as Record<string | symbol, object>)[key!], { idParam: entity });
    Param('id', {
      transform: (value: string) => {
        if (!uuid.safeParse(value).success) throw DomainError.notFound(entity, value);
        return value;
      },
    })(target, key, index);
  };
}
