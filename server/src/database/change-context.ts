import { randomUUID } from 'node:crypto';
import type { Principal } from '../common/auth/principal.js';

/** What one write transaction tells the audit trigger (ADR 0038). */
export interface ChangeContext {
  changeSetId: string;
  actorUserId: string;
  credentialKind: string;
  apiKeyId?: string;
  oauthClientId?: string;
  channel: string;
  transport?: string;
  toolName?: string;
  clientName?: string;
  clientVersion?: string;
  requestId?: string;
  undoOfChangeSetId?: string;
}

export interface WriteOptions {
  /** Set by an undo: the change set it reverts. */
  undoOfChangeSetId?: string;
}

/** The transaction-local setting the audit trigger reads. */
export const CHANGE_CONTEXT_SETTING = 'synapse.change';

/** Who makes this change and through what; one new change set per write transaction. */
export function changeContextOf(principal: Principal, options: WriteOptions = {}): ChangeContext {
  const { credential, via } = principal;
  return {
    changeSetId: randomUUID(),
    actorUserId: principal.userId,
    credentialKind: credential.kind,
    ...(credential.kind === 'api_key' && credential.id ? { apiKeyId: credential.id } : {}),
    ...(credential.kind === 'oauth' && credential.clientId ? { oauthClientId: credential.clientId } : {}),
    // Work a service does without a request behind it (seeding, jobs) is the system's.
    channel: via?.channel ?? 'system',
    ...(via?.transport ? { transport: via.transport } : {}),
    ...(via?.tool ? { toolName: via.tool } : {}),
    ...(via?.clientName ? { clientName: via.clientName } : {}),
    ...(via?.clientVersion ? { clientVersion: via.clientVersion } : {}),
    ...(via?.requestId ? { requestId: via.requestId } : {}),
    ...(options.undoOfChangeSetId ? { undoOfChangeSetId: options.undoOfChangeSetId } : {}),
  };
}
