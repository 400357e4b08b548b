import type { z } from 'zod';
import type { Principal } from '../common/auth/principal.js';
import type { Toolset } from './toolsets/toolsets.js';

/** What a tool may do; MCP clients show these hints to users before a call. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
}

/** Per-call facts about the caller's connection, for the auth tools. */
export interface ToolCallContext {
  /** Identifies the caller for sign-in throttling (client IP over HTTP). */
  clientKey: string;
  /** Undefined where there is nothing to bind to (stateless HTTP). Returns false when refused. */
  bindPrincipal?: (principal: Principal) => boolean;
}

interface ToolBase<Input extends z.ZodObject, Output extends z.ZodObject> {
  /** snake_case, `<domain>_<verb>`; the names are a public contract (prompts refer to them). */
  name: string;
  title: string;
  /** Written for a model: what it does and when to pick it over a sibling tool. */
  description: string;
  input: Input;
  output: Output;
  annotations: ToolAnnotations;
  /** Input arrays' item fields go undescribed in tools/list (see `ToolSchemaOptions.terseItems`). */
  terseItems?: true;
}

/** Sign-in tools (stdio only): in no toolset, offered whatever the selection, since nothing works before them. */
export interface PublicTool<Input extends z.ZodObject = z.ZodObject, Output extends z.ZodObject = z.ZodObject>
  extends ToolBase<Input, Output> {
  auth: 'none';
  handler: (principal: Principal | undefined, input: z.output<Input>, context: ToolCallContext) => Promise<z.input<Output>>;
}

export interface CrmTool<Input extends z.ZodObject = z.ZodObject, Output extends z.ZodObject = z.ZodObject>
  extends ToolBase<Input, Output> {
  auth: 'required';
  /** The toolset it belongs to (`?toolsets=`): each tool declares its own. */
  toolset: Toolset;
  handler: (principal: Principal, input: z.output<Input>, context: ToolCallContext) => Promise<z.input<Output>>;
}

export type ToolDefinition = PublicTool | CrmTool;

/** Typed constructors: the handler's input and output types follow from the schemas. */
export function crmTool<Input extends z.ZodObject, Output extends z.ZodObject>(
  tool: Omit<CrmTool<Input, Output>, 'auth'>,
): ToolDefinition {
  return { ...tool, auth: 'required' } as unknown as ToolDefinition;
}

export function publicTool<Input extends z.ZodObject, Output extends z.ZodObject>(
  tool: Omit<PublicTool<Input, Output>, 'auth'>,
): ToolDefinition {
  return { ...tool, auth: 'none' } as unknown as ToolDefinition;
}

export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true };
export const CREATES: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false };
// An update overwrites earlier values, which the MCP spec counts as destructive (not additive).
export const UPDATES: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true };
export const DELETES: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true };
