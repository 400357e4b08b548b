import { z } from 'zod';
import { expectedVersionField } from '../../common/schemas/record-fields.js';
import type { ContactsService } from '../../contacts/contacts.service.js';
import {
  ContactOutput,
  CreateContactInput,
  ListContactsQuery,
  UpdateContactInput,
} from '../../contacts/contacts.schemas.js';
import { listOutput } from '../list-output.js';
import { CREATES, crmTool, READ_ONLY, UPDATES, type ToolDefinition } from '../tool-definition.js';

const id = z.uuid().describe('Contact id, as returned by contact_list or contact_create.');

export function contactTools(contacts: ContactsService): ToolDefinition[] {
  return [
    crmTool({
      toolset: 'contacts',
      name: 'contact_list',
      title: 'List contacts',
      description:
        'List contacts (people), newest first; q searches name, email, company and phone.',
      input: ListContactsQuery,
      output: listOutput(ContactOutput, 'contacts'),
      annotations: READ_ONLY,
      handler: (principal, input) => contacts.list(principal, input),
    }),
    crmTool({
      toolset: 'contacts',
      name: 'contact_create',
      title: 'Create contact',
      description:
        'Create a contact (a person); the email is unique in the workspace. A prospect is a lead.',
      input: CreateContactInput,
      output: ContactOutput,
      annotations: CREATES,
      handler: (principal, input) => contacts.create(principal, input),
    }),
    crmTool({
      toolset: 'contacts',
      name: 'contact_update',
      title: 'Update contact',
      description:
        'Change a contact\'s fields; omitted fields stay, null clears one.',
      input: z.strictObject({ id, ...expectedVersionField, ...UpdateContactInput.shape }),
      output: ContactOutput,
      annotations: UPDATES,
      handler: (principal, { id: contactId, expectedVersion, ...changes }) =>
        contacts.update(principal, contactId, changes, expectedVersion),
    }),
  ];
}
