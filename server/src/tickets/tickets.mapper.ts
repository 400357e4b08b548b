import type { Ticket } from '../generated/prisma/client.js';
import type { TicketOutput } from './tickets.schemas.js';

export function toTicketOutput(row: Ticket): TicketOutput {
  return {
    id: row.id,
    subject: row.subject,
    description: row.description,
    status: row.status,
    priority: row.priority,
    contactId: row.contactId,
    assigneeId: row.assigneeId,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    version: row.version,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
