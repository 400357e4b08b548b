import { Module } from '@nestjs/common';
import { PipelinesController, StagesController } from './pipelines.controller.js';
import { PipelinesService } from './pipelines.service.js';

@Module({
  controllers: [PipelinesController, StagesController],
  providers: [PipelinesService],
  exports: [PipelinesService],
})
export class PipelinesModule {}
