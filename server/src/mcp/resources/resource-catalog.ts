import { Inject, Injectable } from '@nestjs/common';
import { ResourceNotFoundError, type ListResourcesResult, type ReadResourceResult } from '@modelcontextprotocol/server';
import type { Principal } from '../../common/auth/principal.js';
import { toDomainError } from '../../common/errors/to-domain-error.js';
import type { RecordRef } from '../../events/record-change.js';
import { RecordLookupService } from '../../lookups/record-lookup.service.js';
import { RecordReader } from '../../records/record-reader.js';
import { decodeListCursor, describeResource, encodeListCursor, RECENT_RECORDS, RESOURCE_PAGE_SIZE } from './resource-list.js';
import { RESOURCE_MIME_TYPE } from './resource-templates.js';
import { parseResourceUri } from './resource-uri.js';

/**
 * CRM records as MCP resources, read in-process through the domain services with the
 * caller's principal: another tenant's record is as absent as a missing one.
 */
@Injectable()
export class ResourceCatalog {
  constructor(
    @Inject(RecordReader) private readonly reader: RecordReader,
    @Inject(RecordLookupService) private readonly lookup: RecordLookupService,
  ) {}

  /** The pipelines, then the most recently changed records, a page at a time. */
  async list(principal: Principal, cursor: string | undefined): Promise<ListResourcesResult> {
    const offset = decodeListCursor(cursor);
    const [pipelines, recent] = await Promise.all([
      this.lookup.pipelines(principal),
      this.lookup.recentlyChanged(principal, RECENT_RECORDS),
    ]);
    const all = [...pipelines, ...recent];
    const end = offset + RESOURCE_PAGE_SIZE;
    return {
      resources: all.slice(offset, end).map(describeResource),
      ...(end < all.length ? { nextCursor: encodeListCursor(end) } : {}),
    };
  }

  async read(principal: Principal, uri: string): Promise<ReadResourceResult> {
    const record = await this.recordAt(principal, uri);
    return { contents: [{ uri, mimeType: RESOURCE_MIME_TYPE, text: JSON.stringify(record) }] };
  }

  /** Throws exactly what read would when the caller cannot read the URI (subscriptions check with it). */
  async assertReadable(principal: Principal, uri: string): Promise<RecordRef> {
    const ref = parseResourceUri(uri);
    await this.recordAt(principal, uri);
    return ref;
  }

  private async recordAt(principal: Principal, uri: string): Promise<unknown> {
    const { kind, id } = parseResourceUri(uri);
    try {
      return await this.reader.read(principal, kind, id);
    } catch (error) {
      if (toDomainError(error)?.code === 'not_found') {
        throw new ResourceNotFoundError(uri, `Resource not found: ${uri}. Use resources/list or the ${kind}_list tool to find the ids of this workspace.`);
      }
      throw error;
    }
  }
}
