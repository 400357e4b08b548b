import { Global, Injectable, Module } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * An error wire format other than problem+json, for paths whose protocol fixes one (the OAuth
 * token, registration and revocation endpoints: RFC 6749 §5.2, RFC 7591 §3.2.2). The module
 * owning those paths registers it; the one global filter consults it first, so errors raised
 * before a route runs (unreadable bodies, wrong media type) get the same format.
 */
export interface ErrorFormat {
  matches(path: string): boolean;
  send(error: unknown, reply: FastifyReply): void;
}

@Injectable()
export class ErrorFormats {
  private readonly formats: ErrorFormat[] = [];

  register(format: ErrorFormat): void {
    this.formats.push(format);
  }

  for(path: string | undefined): ErrorFormat | undefined {
    return path === undefined ? undefined : this.formats.find((format) => format.matches(path));
  }
}

@Global()
@Module({ providers: [ErrorFormats], exports: [ErrorFormats] })
export class ErrorFormatsModule {}
