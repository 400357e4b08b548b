import { z } from 'zod';

export const ConnectedApp = z.object({
  id: z.uuid().describe('Grant id; DELETE /api/connected-apps/{id} revokes it.'),
  clientId: z.string().describe('OAuth client id of the application.'),
  clientName: z.string().describe('Name the application registered with.'),
  scopes: z.array(z.enum(['crm:read', 'crm:write'])).describe('What the application may do.'),
  workspace: z.object({ id: z.uuid(), name: z.string() }).describe('The workspace the application was granted.'),
  createdAt: z.iso.datetime().describe('When the user approved it.'),
  lastUsedAt: z.iso.datetime().nullable().describe('Last request made with it (to the minute), or null.'),
});
export type ConnectedApp = z.infer<typeof ConnectedApp>;

export const ConnectedAppList = z.object({ items: z.array(ConnectedApp) });
export type ConnectedAppList = z.infer<typeof ConnectedAppList>;
