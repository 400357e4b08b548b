import { Controller, Get, Inject, Patch, Post, Put } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IfMatch, Versioned } from '../common/http/etag.js';
import { IdParam, Operation, ZodBody } from '../common/http/zod-route.decorators.js';
import {
  AddStageInput, CreatePipelineInput, PipelineListOutput, PipelineOutput, ReorderStagesInput, StageOutput,
  UpdateStageInput,
} from './pipelines.schemas.js';
import { PipelinesService } from './pipelines.service.js';

@Controller('pipelines')
export class PipelinesController {
  constructor(@Inject(PipelinesService) private readonly pipelines: PipelinesService) {}

  @Get()
  @Operation({ summary: 'List pipelines with their ordered stages', response: PipelineListOutput })
  list(@CurrentPrincipal() principal: Principal) {
    return this.pipelines.list(principal);
  }

  @Post()
  @Versioned()
  @Operation({ summary: 'Create a pipeline with its stages', response: PipelineOutput, status: 201 })
  create(@CurrentPrincipal() principal: Principal, @ZodBody(CreatePipelineInput) input: CreatePipelineInput) {
    return this.pipelines.create(principal, input);
  }

  @Get(':id')
  @Versioned()
  @Operation({ summary: 'Get a pipeline with its ordered stages', response: PipelineOutput })
  get(@CurrentPrincipal() principal: Principal, @IdParam('Pipeline') id: string) {
    return this.pipelines.get(principal, id);
  }

  @Put(':id/stages/order')
  @Versioned()
  @Operation({ summary: 'Re-order all stages of a pipeline at once', response: PipelineOutput })
  reorder(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Pipeline') id: string,
    @ZodBody(ReorderStagesInput) input: ReorderStagesInput,
    @IfMatch() expectedVersion: number | undefined,
  ) {
    return this.pipelines.reorderStages(principal, id, input.stageIds, expectedVersion);
  }

  @Post(':id/stages')
  @Versioned()
  @Operation({ summary: 'Add a stage to a pipeline', response: PipelineOutput, status: 201 })
  addStage(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Pipeline') id: string,
    @ZodBody(AddStageInput) input: AddStageInput,
    @IfMatch() expectedVersion: number | undefined,
  ) {
    return this.pipelines.addStage(principal, id, input, expectedVersion);
  }
}

@Controller('stages')
export class StagesController {
  constructor(@Inject(PipelinesService) private readonly pipelines: PipelinesService) {}

  @Patch(':id')
  @Versioned()
  @Operation({ summary: 'Rename a stage or change its probability or kind', response: StageOutput })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Stage') id: string,
    @ZodBody(UpdateStageInput) input: UpdateStageInput,
    @IfMatch() expectedVersion: number | undefined,
  ) {
    return this.pipelines.updateStage(principal, id, input, expectedVersion);
  }
}
