import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { ClientMetadataDocument, type ClientRegistrationInput } from './client-registration.schemas.js';
import { GuardedFetchError, guardedFetchJson } from './guarded-fetch.js';
import { isLoopbackRedirect } from './redirect-uri.js';

/** A client as the authorization endpoint needs it. */
export interface OAuthClientInfo {
  clientId: string;
  name: string;
  redirectUris: string[];
}

/** Why a client id could not be resolved; shown on the error page, never redirected. */
export class UnknownClientError extends Error {
  override name = 'UnknownClientError';
}

const DOCUMENT_MAX_BYTES = 5 * 1024;
const DOCUMENT_TIMEOUT_MS = 5_000;
const DOCUMENT_CACHE_MS = 5 * 60_000;
const DOCUMENT_CACHE_ENTRIES = 500;

/**
 * Registered clients (RFC 7591, stored) and clients identified by the HTTPS URL of their
 * metadata document (fetched, checked, cached a few minutes, never stored).
 */
@Injectable()
export class OAuthClients {
  private readonly documents = new Map<string, { client: OAuthClientInfo; until: number }>();

  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(input: ClientRegistrationInput): Promise<OAuthClientInfo & { createdAt: Date }> {
    const row = await this.prisma.oAuthClient.create({
      data: {
        id: `synapse-client-${randomBytes(18).toString('base64url')}`,
        name: input.client_name ?? nameFromRedirect(input.redirect_uris[0]!),
        redirectUris: input.redirect_uris,
      },
    });
    return { clientId: row.id, name: row.name, redirectUris: row.redirectUris, createdAt: row.createdAt };
  }

  async find(clientId: string): Promise<OAuthClientInfo> {
    if (/^https?:\/\//.test(clientId)) return this.fromDocument(clientId);
    const row = clientId.length <= 200 ? await this.prisma.oAuthClient.findUnique({ where: { id: clientId } }) : null;
    if (!row) throw new UnknownClientError('The application is not registered here (unknown client_id). Start the connection again from the application.');
    return { clientId: row.id, name: row.name, redirectUris: row.redirectUris };
  }

  private async fromDocument(clientId: string): Promise<OAuthClientInfo> {
    const cached = this.documents.get(clientId);
    if (cached && cached.until > Date.now()) return cached.client;
    const url = this.documentUrl(clientId);
    let body: unknown;
    try {
      body = await guardedFetchJson(url, {
        allowPrivateAddresses: this.config.NODE_ENV !== 'production',
        timeoutMs: DOCUMENT_TIMEOUT_MS,
        maxBytes: DOCUMENT_MAX_BYTES,
      });
    } catch (error) {
      const reason = error instanceof GuardedFetchError ? error.message : 'could not be fetched';
      throw new UnknownClientError(`The application's metadata document ${clientId} ${reason}.`);
    }
    const parsed = ClientMetadataDocument.safeParse(body);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(document)'))].join(', ');
      throw new UnknownClientError(`The application's metadata document is invalid (${fields}).`);
    }
    if (parsed.data.client_id !== clientId) {
      throw new UnknownClientError("The application's metadata document names a different client_id than its own URL.");
    }
    const client = {
      clientId,
      name: parsed.data.client_name ?? url.hostname,
      redirectUris: parsed.data.redirect_uris,
    };
    if (this.documents.size >= DOCUMENT_CACHE_ENTRIES) this.documents.delete(this.documents.keys().next().value!);
    this.documents.set(clientId, { client, until: Date.now() + DOCUMENT_CACHE_MS });
    return client;
  }

  /** HTTPS with a path; plain HTTP only to a loopback host outside production (local testing). */
  private documentUrl(clientId: string): URL {
    const url = URL.canParse(clientId) ? new URL(clientId) : undefined;
    const insecureAllowed = this.config.NODE_ENV !== 'production' && url && isLoopbackRedirect(url);
    if (!url || (url.protocol !== 'https:' && !insecureAllowed) || url.pathname === '/' || url.hash || url.username || url.password) {
      throw new UnknownClientError('A client_id URL must be an https URL with a path, without fragment or user information.');
    }
    return url;
  }
}

function nameFromRedirect(redirectUri: string): string {
  return `Application at ${new URL(redirectUri).host}`;
}
