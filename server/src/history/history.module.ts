import { Module } from '@nestjs/common';
import { HistoryController } from './history.controller.js';
import { HistoryService } from './history.service.js';
import { UndoService } from './undo.service.js';

@Module({
  controllers: [HistoryController],
  providers: [HistoryService, UndoService],
  exports: [HistoryService, UndoService],
})
export class HistoryModule {}
