import { type ArgumentsHost, Catch, type ExceptionFilter, Logger, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { internalProblem, problemOf, type ProblemDetails } from './problem-details.js';
import { toDomainError } from './to-domain-error.js';

/** The single REST error mapper: every error leaves as application/problem+json, never a stack. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const instance = request.originalUrl?.split('?')[0];
    let problem: ProblemDetails;
    if (error instanceof NotFoundException && !(error.cause)) {
      // Nest's router 404: no route matched, which is not a missing record.
      problem = { ...problemOf(toDomainError(error)!, instance), detail: `No route ${request.method} ${instance}.`, code: 'route_not_found' };
    } else {
      const domainError = toDomainError(error);
      if (domainError) {
        problem = problemOf(domainError, instance);
      } else {
        this.logger.error({ err: error }, 'Unhandled error');
        problem = internalProblem(instance);
      }
    }
    if (response.headersSent) return;
    const retryAfter = toDomainError(error)?.details.retryAfterSeconds;
    if (retryAfter) response.setHeader('Retry-After', String(retryAfter));
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
