import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendMcpError } from '../../mcp/json-rpc-http.js';
import { MCP_HTTP_PATH } from '../../mcp/mcp-path.js';
import { etagOf } from '../http/etag.js';
import { ErrorFormats } from './error-formats.js';
import { internalProblem, problemOf, type ProblemDetails } from './problem-details.js';
import { toDomainError } from './to-domain-error.js';

/**
 * The single HTTP error mapper: every error leaves as application/problem+json (or, on the
 * MCP endpoint, as a JSON-RPC error), never with a stack.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Inject(ErrorFormats) private readonly formats: ErrorFormats) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const response = http.getResponse<FastifyReply>();
    const instance = request.originalUrl?.split('?')[0];
    const ownFormat = this.formats.for(instance);
    if (ownFormat) return ownFormat.send(error, response);
    // Nest's router 404: no route matched, which is not a missing record.
    const noRoute = error instanceof NotFoundException && !error.cause;
    if (instance === MCP_HTTP_PATH) {
      // MCP clients read JSON-RPC errors. The MCP route answers its own, so what lands here
      // is a body that could not be read, a method the endpoint lacks, or a bug.
      if (!noRoute && !toDomainError(error)) this.logger.error({ err: error }, 'Unhandled error');
      if (!response.sent) sendMcpError(error, response, noRoute);
      return;
    }
    let problem: ProblemDetails;
    if (noRoute) {
      problem = { ...problemOf(toDomainError(error)!, instance), detail: `No route ${request.method} ${instance}.`, code: 'route_not_found' };
    } else {
      const domainError = toDomainError(error);
      if (domainError) {
        problem = problemOf(domainError, instance);
        // The client gets fixed words; the driver's reason (host, port, SQLSTATE) stays here.
        if (domainError.code === 'unavailable') this.logger.warn({ err: error }, 'Database unavailable');
      } else {
        this.logger.error({ err: error }, 'Unhandled error');
        problem = internalProblem(instance);
      }
    }
    if (response.sent) return;
    const details = toDomainError(error)?.details;
    if (details?.retryAfterSeconds) void response.header('Retry-After', String(details.retryAfterSeconds));
    // A 412 carries the record's current ETag, so the client knows what to re-read against.
    if (details?.currentVersion !== undefined) void response.header('ETag', etagOf(details.currentVersion));
    if (problem.status === 401) void response.header('WWW-Authenticate', 'Bearer');
    void response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
