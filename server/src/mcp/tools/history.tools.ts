import { DomainError } from '../../common/errors/domain-error.js';
import { AuditListOutput, AuditListQuery, TimelineOutput, TimelineQuery } from '../../history/history.schemas.js';
import type { HistoryService } from '../../history/history.service.js';
import { UndoInput, UndoOutput } from '../../history/undo.schemas.js';
import type { UndoService } from '../../history/undo.service.js';
import { crmTool, READ_ONLY, type ToolAnnotations, type ToolDefinition } from '../tool-definition.js';

// Undo writes old values back: a write, destructive to the values it replaces, not idempotent (a second call is refused).
const UNDOES: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: false };

export function historyTools(history: HistoryService, undos: UndoService): ToolDefinition[] {
  return [
    crmTool({
      name: 'timeline',
      toolset: 'history',
      title: 'Record timeline',
      description: 'A record\'s history, newest first: who changed what and how, stage moves, conversions, notes and tasks.',
      input: TimelineQuery,
      output: TimelineOutput,
      annotations: READ_ONLY,
      handler: (principal, input) => history.timeline(principal, input),
    }),
    crmTool({
      name: 'audit_list',
      toolset: 'history',
      title: 'Audit trail',
      description: 'Admins: all changes in the workspace, newest first, by actor, channel, kind, record, change set or time.',
      input: AuditListQuery,
      output: AuditListOutput,
      annotations: READ_ONLY,
      handler: (principal, input) => history.auditList(principal, input),
    }),
    crmTool({
      name: 'change_undo',
      toolset: 'history',
      title: 'Undo change',
      description: 'Revert a change set (everything one tool call or request did) or one change, if nothing changed those fields since. Yours, or anyone\'s as an admin.',
      input: UndoInput,
      output: UndoOutput,
      annotations: UNDOES,
      handler: (principal, input) => {
        if ((input.changeSetId === undefined) === (input.changeId === undefined)) {
          throw DomainError.validation([{ path: 'changeSetId', message: 'give exactly one of changeSetId or changeId' }]);
        }
        return undos.undo(principal, input.changeSetId ? { changeSetId: input.changeSetId } : { changeId: input.changeId! });
      },
    }),
  ];
}
