import { missedWriteError, NEXT_VERSION, versionGuard } from '../common/concurrency/row-version.js';
import { DomainError, type FieldIssue } from '../common/errors/domain-error.js';
import type { TenantTx } from '../database/tenant-tx.js';
import type { Pipeline } from '../generated/prisma/client.js';
import type { StageKind } from '../generated/prisma/enums.js';

// Positions sit under a plain unique index on (pipelineId, position), which PostgreSQL checks
// row by row, so "position + 1" over several rows can collide with a row not yet moved.
// Writers therefore park the rows they move far beyond any real position, then set the final
// ones (two-phase renumbering: the same on PGlite and PostgreSQL, no deferred constraint).
const PARKED = 1_000_000;

/**
 * Takes the pipeline's row lock until the transaction ends, with the UPDATE that also counts
 * the change in the pipeline's version (its answer lists the stages). Every write to a
 * pipeline's stages starts here, so concurrent ones run one after another, and each reads
 * the stages the previous one committed.
 */
export async function lockPipeline(tx: TenantTx, pipelineId: string, expectedVersion?: number): Promise<Pipeline> {
  const [pipeline] = await tx.pipeline.updateManyAndReturn({
    where: versionGuard(pipelineId, expectedVersion),
    data: NEXT_VERSION,
  });
  if (pipeline) return pipeline;
  const now = await tx.pipeline.findFirst({ where: { id: pipelineId }, select: { version: true } });
  throw missedWriteError('Pipeline', pipelineId, expectedVersion, now);
}

/** Moves the stages at `from` and after one place further on, keeping positions dense. */
export async function openGapAt(tx: TenantTx, pipelineId: string, from: number): Promise<void> {
  await tx.stage.updateMany({ where: { pipelineId, position: { gte: from } }, data: { position: { increment: PARKED } } });
  await tx.stage.updateMany({
    where: { pipelineId, position: { gte: PARKED } },
    data: { position: { decrement: PARKED - 1 }, ...NEXT_VERSION },
  });
}

/** Gives each listed stage its index as position; only stages that move are written. */
export async function placeStages(
  tx: TenantTx,
  stages: ReadonlyArray<{ id: string; position: number }>,
  orderedIds: readonly string[],
): Promise<void> {
  const positionOf = new Map(stages.map((stage) => [stage.id, stage.position]));
  const moves = orderedIds.map((id, position) => ({ id, position })).filter((move) => positionOf.get(move.id) !== move.position);
  if (moves.length === 0) return;
  await tx.stage.updateMany({ where: { id: { in: moves.map((move) => move.id) } }, data: { position: { increment: PARKED } } });
  for (const move of moves) {
    await tx.stage.update({ where: { id: move.id }, data: { position: move.position, ...NEXT_VERSION } });
  }
}

/** New deals start in a pipeline's first stage, so it must be OPEN (else a deal would start closed). */
export function firstStageIssue(path: string, kind: StageKind): FieldIssue[] {
  return kind === 'OPEN'
    ? []
    : [{ path, message: `a ${kind} stage cannot be a pipeline's first stage, because new deals start there; put an OPEN stage first` }];
}

export function assertFirstStageOpen(path: string, kind: StageKind): void {
  const issues = firstStageIssue(path, kind);
  if (issues.length) throw DomainError.validation(issues);
}
