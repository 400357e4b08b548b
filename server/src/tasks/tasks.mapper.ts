import type { Task } from '../generated/prisma/client.js';
import { linksOf } from '../links/record-links.schemas.js';
import type { TaskOutput } from './tasks.schemas.js';

export function toTaskOutput(row: Task): TaskOutput {
  return {
    id: row.id,
    title: row.title,
    dueAt: row.dueAt.toISOString(),
    status: row.status,
    priority: row.priority,
    assigneeId: row.assigneeId,
    links: linksOf(row.links),
    completedAt: row.completedAt?.toISOString() ?? null,
    completedById: row.completedById,
    version: row.version,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
