import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { DomainError, type FieldIssue } from '../common/errors/domain-error.js';
import { escapeLike } from '../common/text/escape-like.js';
import { TenantDb } from '../database/tenant-db.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import { stagePipeline } from '../events/touched-records.js';
import { toPipelineOutput, toStageOutput } from './pipelines.mapper.js';
import type {
  AddStageInput, CreatePipelineInput, PipelineListOutput, PipelineOutput, StageOutput, UpdateStageInput,
} from './pipelines.schemas.js';
import type { TenantTx } from '../contacts/contacts.service.js';

const withStages = { stages: { orderBy: { position: 'asc' as const } } };

@Injectable()
export class PipelinesService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
  ) {}

  async list(principal: Principal): Promise<PipelineListOutput> {
    const pipelines = await this.db.for(principal).pipeline.findMany({
      include: withStages,
      orderBy: [{ isDefault: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }],
    });
    return { items: pipelines.map(toPipelineOutput) };
  }

  async get(principal: Principal, id: string): Promise<PipelineOutput> {
    const pipeline = await this.db.for(principal).pipeline.findFirst({ where: { id }, include: withStages });
    if (!pipeline) throw DomainError.notFound('Pipeline', id);
    return toPipelineOutput(pipeline);
  }

  async create(principal: Principal, input: CreatePipelineInput): Promise<PipelineOutput> {
    const name = input.name.trim();
    const stages = input.stages.map((stage) => ({ ...stage, name: stage.name.trim() }));
    const issues = duplicateNameIssues(stages.map((stage) => stage.name), 'stages');
    if (!stages.some((stage) => stage.kind === 'OPEN')) {
      issues.push({ path: 'stages', message: 'at least one stage must be OPEN, so deals have somewhere to start' });
    }
    if (issues.length) throw DomainError.validation(issues);
    return this.changes.after(principal, 'pipeline', this.db.for(principal).$transaction(async (tx) => {
      await assertNameFree(tx, name);
      const pipeline = await tx.pipeline.create({
        data: { tenantId: principal.tenantId, name, createdById: principal.userId },
      });
      await tx.stage.createMany({
        data: stages.map((stage, position) => ({
          tenantId: principal.tenantId,
          pipelineId: pipeline.id,
          createdById: principal.userId,
          position,
          ...stage,
        })),
      });
      return toPipelineOutput(await tx.pipeline.findFirstOrThrow({ where: { id: pipeline.id }, include: withStages }));
    }));
  }

  /** Sets the order of every stage at once; the list must be exactly the pipeline's stages. */
  async reorderStages(principal: Principal, pipelineId: string, stageIds: string[]): Promise<PipelineOutput> {
    return this.changes.after(principal, 'pipeline', this.db.for(principal).$transaction(async (tx) => {
      const stages = await this.stagesOf(tx, pipelineId);
      const known = new Set(stages.map((stage) => stage.id));
      const issues: FieldIssue[] = [];
      const seen = new Set<string>();
      stageIds.forEach((id, index) => {
        if (seen.has(id)) issues.push({ path: `stageIds.${index}`, message: 'is listed twice' });
        else if (!known.has(id)) issues.push({ path: `stageIds.${index}`, message: 'is not a stage of this pipeline' });
        seen.add(id);
      });
      const missing = stages.filter((stage) => !seen.has(stage.id));
      if (missing.length) {
        issues.push({
          path: 'stageIds',
          message: `must list every stage of the pipeline; missing: ${missing.map((s) => `${s.id} (${s.name})`).join(', ')}`,
        });
      }
      if (issues.length) throw DomainError.validation(issues);
      for (const [position, id] of stageIds.entries()) {
        await tx.stage.update({ where: { id }, data: { position } });
      }
      return toPipelineOutput(await tx.pipeline.findFirstOrThrow({ where: { id: pipelineId }, include: withStages }));
    }));
  }

  async addStage(principal: Principal, pipelineId: string, input: AddStageInput): Promise<PipelineOutput> {
    const name = input.name.trim();
    return this.changes.after(principal, 'pipeline', this.db.for(principal).$transaction(async (tx) => {
      const stages = await this.stagesOf(tx, pipelineId);
      assertStageNameFree(stages, name);
      const position = Math.min(input.position ?? stages.length, stages.length);
      // Shift the stages after the insertion point to keep positions dense.
      for (const stage of stages.filter((s) => s.position >= position).reverse()) {
        await tx.stage.update({ where: { id: stage.id }, data: { position: stage.position + 1 } });
      }
      await tx.stage.create({
        data: {
          tenantId: principal.tenantId,
          pipelineId,
          createdById: principal.userId,
          name,
          probability: input.probability,
          kind: input.kind,
          position,
        },
      });
      return toPipelineOutput(await tx.pipeline.findFirstOrThrow({ where: { id: pipelineId }, include: withStages }));
    }));
  }

  async updateStage(principal: Principal, stageId: string, input: UpdateStageInput): Promise<StageOutput> {
    return this.changes.after(principal, stagePipeline, this.db.for(principal).$transaction(async (tx) => {
      const stage = await tx.stage.findFirst({ where: { id: stageId } });
      if (!stage) throw DomainError.notFound('Stage', stageId);
      const name = input.name?.trim();
      if (name !== undefined) {
        const siblings = await tx.stage.findMany({ where: { pipelineId: stage.pipelineId, id: { not: stageId } } });
        assertStageNameFree(siblings, name);
      }
      if (input.kind !== undefined && input.kind !== stage.kind) {
        if (input.kind === 'OPEN') {
          await tx.deal.updateMany({ where: { stageId }, data: { closedAt: null } });
        } else {
          const otherOpen = await tx.stage.count({
            where: { pipelineId: stage.pipelineId, kind: 'OPEN', id: { not: stageId } },
          });
          if (stage.kind === 'OPEN' && otherOpen === 0) {
            throw DomainError.validation([{ path: 'kind', message: 'a pipeline must keep at least one OPEN stage' }]);
          }
          await tx.deal.updateMany({ where: { stageId, closedAt: null }, data: { closedAt: new Date() } });
        }
      }
      const updated = await tx.stage.update({
        where: { id: stageId },
        data: { name, probability: input.probability, kind: input.kind },
      });
      return toStageOutput(updated);
    }));
  }

  private async stagesOf(tx: TenantTx, pipelineId: string) {
    const pipeline = await tx.pipeline.findFirst({
      where: { id: pipelineId },
      include: withStages,
    });
    if (!pipeline) throw DomainError.notFound('Pipeline', pipelineId);
    return pipeline.stages;
  }
}

async function assertNameFree(tx: TenantTx, name: string): Promise<void> {
  const taken = await tx.pipeline.findFirst({
    where: { name: { equals: escapeLike(name), mode: 'insensitive' } },
    select: { id: true },
  });
  if (taken) throw DomainError.conflict(`A pipeline named "${name}" already exists.`, 'name');
}

function assertStageNameFree(stages: ReadonlyArray<{ name: string }>, name: string): void {
  if (stages.some((stage) => stage.name.toLowerCase() === name.toLowerCase())) {
    throw DomainError.conflict(`This pipeline already has a stage named "${name}".`, 'name');
  }
}

function duplicateNameIssues(names: string[], path: string): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  names.forEach((name, index) => {
    const key = name.toLowerCase();
    if (seen.has(key)) issues.push({ path: `${path}.${index}.name`, message: 'repeats an earlier stage name' });
    seen.add(key);
  });
  return issues;
}
