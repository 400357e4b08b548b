import type { Role } from '../../generated/prisma/enums.js';

/** Who is calling: every service method takes this explicitly, as its first argument. */
export interface Principal {
  readonly userId: string;
  readonly tenantId: string;
  readonly role: Role;
}
