import type { CallToolResult } from '@modelcontextprotocol/server';
import { type DomainError, endSentence } from '../common/errors/domain-error.js';

export const SIGN_IN_HINT =
  'Authenticate first: over HTTP, sign the MCP client in again (Gemini CLI: /mcp auth <server>) or give it an API key; ' +
  'over stdio, set SYNAPSE_API_KEY for the server process, or call auth_sign_in with your email and password.';

/** The one place a domain failure becomes an MCP tool error: a result the model can read and act on. */
export function toolErrorOf(error: DomainError): CallToolResult {
  return errorResult(joinSentences(error.message, nextStep(error)));
}

/** Message and hint as whole sentences: each ends before the next begins, and the text ends with one too. */
export function joinSentences(...parts: string[]): string {
  return parts.map((part) => part.trim()).filter(Boolean).map(endSentence).join(' ');
}

export function errorResult(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

/** What the model should do about it; exhaustive so a new code cannot slip through unmapped. */
function nextStep(error: DomainError): string {
  switch (error.code) {
    case 'validation_failed': return 'Fix the named fields and call the tool again.';
    case 'unauthenticated': return SIGN_IN_HINT;
    case 'forbidden': return '';
    case 'not_found': return 'Use the matching _list tool to find valid ids.';
    // Never invite the model to invent data (another email, another name) to get past a conflict.
    case 'conflict': return error.details.field ? conflictHint(error.details.field) : '';
    case 'invalid_transition': return '';
    case 'precondition_failed':
      return 'Call fetch to read the record again, check that your change still applies, ' +
        `and call this tool again with expectedVersion ${error.details.currentVersion ?? 'set to the version you read'}.`;
    case 'rate_limited':
      return error.details.retryAfterSeconds ? `Retry after ${error.details.retryAfterSeconds} seconds.` : 'Retry later.';
    case 'payload_too_large': return 'Send less data.';
    case 'unsupported_media_type': return 'Send the body as application/json.';
    // The message already says when to retry.
    case 'unavailable': return '';
    default: return assertNever(error.code);
  }
}

function conflictHint(field: string): string {
  return `The ${field} must be unique here: find the record that already has it with the matching _list tool and use ` +
    `or update that record, or ask the user what to do. Do not make up a different ${field}.`;
}

function assertNever(code: never): never {
  throw new Error(`Unmapped domain error code: ${String(code)}`);
}
