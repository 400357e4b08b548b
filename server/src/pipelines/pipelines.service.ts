import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { missedWriteError, NEXT_VERSION, versionGuard } from '../common/concurrency/row-version.js';
import { authorize } from '../common/auth/policy.js';
import { DomainError, type FieldIssue } from '../common/errors/domain-error.js';
import { escapeLike } from '../common/text/escape-like.js';
import { TenantDb } from '../database/tenant-db.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import { stagePipeline } from '../events/touched-records.js';
import type { TenantTx } from '../database/tenant-tx.js';
import { Prisma } from '../generated/prisma/client.js';
import { toPipelineOutput, toStageOutput } from './pipelines.mapper.js';
import type {
  AddStageInput, CreatePipelineInput, PipelineListOutput, PipelineOutput, StageOutput, UpdateStageInput,
} from './pipelines.schemas.js';
import { assertFirstStageOpen, firstStageIssue, lockPipeline, openGapAt, placeStages } from './stage-order.js';

const withStages = { stages: { orderBy: { position: 'asc' as const } } };

// Every write to a pipeline's stages locks the pipeline row first (stage-order.ts); the
// unique indexes on (pipelineId, position) and on lower-cased names are the final arbiters.
@Injectable()
export class PipelinesService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
  ) {}

  async list(principal: Principal): Promise<PipelineListOutput> {
    authorize(principal, 'crm:read');
    const pipelines = await this.db.for(principal).pipeline.findMany({
      include: withStages,
      orderBy: [{ isDefault: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }],
    });
    return { items: pipelines.map(toPipelineOutput) };
  }

  async get(principal: Principal, id: string): Promise<PipelineOutput> {
    authorize(principal, 'crm:read');
    const pipeline = await this.db.for(principal).pipeline.findFirst({ where: { id }, include: withStages });
    if (!pipeline) throw DomainError.notFound('Pipeline', id);
    return toPipelineOutput(pipeline);
  }

  async create(principal: Principal, input: CreatePipelineInput): Promise<PipelineOutput> {
    authorize(principal, 'pipelines:manage');
    const name = input.name.trim();
    const stages = input.stages.map((stage) => ({ ...stage, name: stage.name.trim() }));
    const issues = [...firstStageIssue('stages.0.kind', stages[0]!.kind), ...duplicateNameIssues(stages.map((s) => s.name), 'stages')];
    if (issues.length) throw DomainError.validation(issues);
    return this.changes.after(principal, 'pipeline', this.db.write(principal, async (tx) => {
      await assertNameFree(tx, name);
      const pipeline = await withNameConflict(`A pipeline named "${name}" already exists.`, () =>
        tx.pipeline.create({ data: { tenantId: principal.tenantId, name, createdById: principal.userId } }));
      await tx.stage.createMany({
        data: stages.map((stage, position) => ({
          tenantId: principal.tenantId,
          pipelineId: pipeline.id,
          createdById: principal.userId,
          position,
          ...stage,
        })),
      });
      return this.reload(tx, pipeline.id);
    }));
  }

  /** Sets the order of every stage at once; the list must be exactly the pipeline's stages. */
  async reorderStages(principal: Principal, pipelineId: string, stageIds: string[], expectedVersion?: number): Promise<PipelineOutput> {
    authorize(principal, 'pipelines:manage');
    return this.changes.after(principal, 'pipeline', this.db.write(principal, async (tx) => {
      await lockPipeline(tx, pipelineId, expectedVersion);
      const stages = await stagesOf(tx, pipelineId);
      const byId = new Map(stages.map((stage) => [stage.id, stage]));
      const issues: FieldIssue[] = [];
      const seen = new Set<string>();
      stageIds.forEach((id, index) => {
        if (seen.has(id)) issues.push({ path: `stageIds.${index}`, message: 'is listed twice' });
        else if (!byId.has(id)) issues.push({ path: `stageIds.${index}`, message: 'is not a stage of this pipeline' });
        seen.add(id);
      });
      const missing = stages.filter((stage) => !seen.has(stage.id));
      if (missing.length) {
        issues.push({
          path: 'stageIds',
          message: `must list every stage of the pipeline; missing: ${missing.map((s) => `${s.id} (${s.name})`).join(', ')}`,
        });
      }
      const first = byId.get(stageIds[0]!);
      if (first) issues.push(...firstStageIssue('stageIds.0', first.kind));
      if (issues.length) throw DomainError.validation(issues);
      await placeStages(tx, stages, stageIds);
      return this.reload(tx, pipelineId);
    }));
  }

  async addStage(principal: Principal, pipelineId: string, input: AddStageInput, expectedVersion?: number): Promise<PipelineOutput> {
    authorize(principal, 'pipelines:manage');
    const name = input.name.trim();
    return this.changes.after(principal, 'pipeline', this.db.write(principal, async (tx) => {
      await lockPipeline(tx, pipelineId, expectedVersion);
      const stages = await stagesOf(tx, pipelineId);
      assertStageNameFree(stages, name);
      const position = Math.min(input.position ?? stages.length, stages.length);
      if (position === 0) assertFirstStageOpen('kind', input.kind);
      await openGapAt(tx, pipelineId, position);
      await withNameConflict(stageNameTaken(name), () => tx.stage.create({
        data: {
          tenantId: principal.tenantId,
          pipelineId,
          createdById: principal.userId,
          name,
          probability: input.probability,
          kind: input.kind,
          position,
        },
      }));
      return this.reload(tx, pipelineId);
    }));
  }

  async updateStage(principal: Principal, stageId: string, input: UpdateStageInput, expectedVersion?: number): Promise<StageOutput> {
    authorize(principal, 'pipelines:manage');
    return this.changes.after(principal, stagePipeline, this.db.write(principal, async (tx) => {
      const found = await tx.stage.findFirst({ where: { id: stageId }, select: { pipelineId: true } });
      if (!found) throw DomainError.notFound('Stage', stageId);
      await lockPipeline(tx, found.pipelineId);
      // Read again under the pipeline's lock: no other stage write can run until we commit.
      const stage = await tx.stage.findFirst({ where: { id: stageId } });
      if (!stage) throw DomainError.notFound('Stage', stageId);
      if (expectedVersion !== undefined && stage.version !== expectedVersion) {
        throw DomainError.preconditionFailed('Stage', stageId, expectedVersion, stage.version);
      }
      const name = input.name?.trim();
      if (name !== undefined) {
        const siblings = await tx.stage.findMany({ where: { pipelineId: stage.pipelineId, id: { not: stageId } } });
        assertStageNameFree(siblings, name);
      }
      if (input.kind !== undefined && input.kind !== stage.kind) {
        if (stage.position === 0) assertFirstStageOpen('kind', input.kind);
        // The first stage stays OPEN, which also means every pipeline keeps an OPEN stage.
        if (input.kind === 'OPEN') {
          await tx.deal.updateMany({ where: { stageId }, data: { closedAt: null, ...NEXT_VERSION } });
        } else {
          await tx.deal.updateMany({ where: { stageId, closedAt: null }, data: { closedAt: new Date(), ...NEXT_VERSION } });
        }
      }
      const [updated] = await withNameConflict(stageNameTaken(name ?? ''), () => tx.stage.updateManyAndReturn({
        where: versionGuard(stageId, expectedVersion),
        data: { name, probability: input.probability, kind: input.kind, ...NEXT_VERSION },
      }));
      if (!updated) throw missedWriteError('Stage', stageId, expectedVersion, stage);
      return toStageOutput(updated);
    }));
  }

  private async reload(tx: TenantTx, pipelineId: string): Promise<PipelineOutput> {
    return toPipelineOutput(await tx.pipeline.findFirstOrThrow({ where: { id: pipelineId }, include: withStages }));
  }
}

async function stagesOf(tx: TenantTx, pipelineId: string) {
  return tx.stage.findMany({ where: { pipelineId }, orderBy: { position: 'asc' } });
}

async function assertNameFree(tx: TenantTx, name: string): Promise<void> {
  const taken = await tx.pipeline.findFirst({
    where: { name: { equals: escapeLike(name), mode: 'insensitive' } },
    select: { id: true },
  });
  if (taken) throw DomainError.conflict(`A pipeline named "${name}" already exists.`, 'name');
}

function stageNameTaken(name: string): string {
  return `This pipeline already has a stage named "${name}" (names are compared case-insensitively).`;
}

function assertStageNameFree(stages: ReadonlyArray<{ name: string }>, name: string): void {
  if (stages.some((stage) => stage.name.toLowerCase() === name.toLowerCase())) {
    throw DomainError.conflict(stageNameTaken(name), 'name');
  }
}

// The lower-cased name indexes decide races the checks above cannot see.
async function withNameConflict<T>(message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002' && /name/i.test(JSON.stringify(error.meta))) {
      throw DomainError.conflict(message, 'name');
    }
    throw error;
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
