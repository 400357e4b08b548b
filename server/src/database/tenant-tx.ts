import type { TenantClient } from './tenant-scope.extension.js';

/** A tenant-scoped client or a transaction opened on one: what the `...With` methods and helpers run on. */
export type TenantTx = Parameters<Parameters<TenantClient['$transaction']>[0]>[0];
