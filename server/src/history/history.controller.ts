import { Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Operation, ZodQuery } from '../common/http/zod-route.decorators.js';
import { AuditListOutput, AuditListQuery, TimelineOutput, TimelineQuery } from './history.schemas.js';
import { HistoryService } from './history.service.js';
import { UndoOutput } from './undo.schemas.js';
import { UndoService } from './undo.service.js';

const uuid = z.uuid();

// A malformed id answers like a missing one, as the :id routes do.
function idOf(value: string, entity: string): string {
  if (!uuid.safeParse(value).success) throw DomainError.notFound(entity, value);
  return value.toLowerCase();
}

@Controller()
export class HistoryController {
  constructor(
    @Inject(HistoryService) private readonly history: HistoryService,
    @Inject(UndoService) private readonly undos: UndoService,
  ) {}

  @Get('timeline')
  @Operation({ summary: 'A record\'s history, newest first: field changes, stage moves, status transitions, conversions, linked notes and tasks', response: TimelineOutput })
  timeline(@CurrentPrincipal() principal: Principal, @ZodQuery(TimelineQuery) query: TimelineQuery) {
    return this.history.timeline(principal, query);
  }

  @Get('audit')
  @Operation({ summary: 'The workspace\'s audit trail, newest first, filtered (admins)', response: AuditListOutput })
  audit(@CurrentPrincipal() principal: Principal, @ZodQuery(AuditListQuery) query: AuditListQuery) {
    return this.history.auditList(principal, query);
  }

  @Post('changes/:changeId/undo')
  @Operation({ summary: 'Undo one change to one record (its actor or an admin)', response: UndoOutput, status: 200 })
  undoChange(@CurrentPrincipal() principal: Principal, @Param('changeId') changeId: string) {
    return this.undos.undo(principal, { changeId: idOf(changeId, 'Change') });
  }

  @Post('change-sets/:changeSetId/undo')
  @Operation({ summary: 'Undo a whole change set: one request, MCP tool call or batch (its actor or an admin)', response: UndoOutput, status: 200 })
  undoChangeSet(@CurrentPrincipal() principal: Principal, @Param('changeSetId') changeSetId: string) {
    return this.undos.undo(principal, { changeSetId: idOf(changeSetId, 'Change set') });
  }
}
