import { Controller, Delete, Inject, Param } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IdParam, Operation } from '../common/http/zod-route.decorators.js';
import { kindOfCollection } from './record-ref.js';
import { PurgedRecordOutput } from './trash.schemas.js';
import { TrashService } from './trash.service.js';

// Deleting moves to the trash through each kind's own DELETE route; this is the way out of it.
@Controller('trash')
export class TrashController {
  constructor(@Inject(TrashService) private readonly trash: TrashService) {}

  @Delete(':collection/:id')
  @Operation({
    summary: 'Purge a record in the trash for good (erasure requests; admins)',
    description:
      'collection is contacts, leads, deals or tickets. The record must be in the trash (deleted first); ' +
      'it is erased with the personal data in its history and can no longer be restored.',
    response: PurgedRecordOutput,
  })
  purge(@CurrentPrincipal() principal: Principal, @Param('collection') collection: string, @IdParam('Record') id: string) {
    return this.trash.purge(principal, { kind: kindOfCollection(collection), id });
  }
}
