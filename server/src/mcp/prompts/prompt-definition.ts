import type { GetPromptResult, PromptArgument, PromptMessage } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Principal } from '../../common/auth/principal.js';
import type { CompletionPage } from '../../lookups/completion-page.js';
import { resourceUriOf } from '../resources/resource-uri.js';
import { RESOURCE_MIME_TYPE } from '../resources/resource-templates.js';
import type { RecordRef } from '../../events/record-change.js';

/** Completes one argument from what the user typed and the arguments already chosen. */
export type ArgumentCompleter = (principal: Principal, typed: string, chosen: Record<string, string>) => Promise<CompletionPage>;

/** Prompt arguments travel as strings; each field is a string schema, optional or not. */
export type PromptArgs = z.ZodObject<Record<string, z.ZodType<string | undefined>>>;

/**
 * A prompt as data, like a tool: one zod schema gives the advertised arguments and
 * validates them. `tools` names every tool the instructions tell the model to call;
 * the catalogue refuses to boot if one of them does not exist.
 */
export interface PromptDefinition<Args extends PromptArgs = PromptArgs> {
  name: string;
  title: string;
  description: string;
  args: Args;
  tools: readonly string[];
  complete: Partial<Record<keyof z.output<Args> & string, ArgumentCompleter>>;
  build(principal: Principal, args: z.output<Args>): Promise<GetPromptResult>;
}

export function definePrompt<Args extends PromptArgs>(prompt: PromptDefinition<Args>): PromptDefinition {
  return prompt as unknown as PromptDefinition;
}

/** The arguments as prompts/list advertises them, read off the schema. */
export function promptArgumentsOf(args: PromptArgs): PromptArgument[] {
  return Object.entries(args.shape).map(([name, schema]) => ({
    name,
    description: schema.description ?? name,
    required: !schema.safeParse(undefined).success,
  }));
}

export function textMessage(text: string): PromptMessage {
  return { role: 'user', content: { type: 'text', text } };
}

/** Live data as an embedded resource: the same URI and JSON a resources/read would give. */
export function resourceMessage(ref: RecordRef, record: unknown): PromptMessage {
  return {
    role: 'user',
    content: { type: 'resource', resource: { uri: resourceUriOf(ref), mimeType: RESOURCE_MIME_TYPE, text: JSON.stringify(record) } },
  };
}

/** Whole days between a timestamp and now. */
export function daysSince(iso: string, now = Date.now()): number {
  return Math.floor((now - Date.parse(iso)) / 86_400_000);
}
