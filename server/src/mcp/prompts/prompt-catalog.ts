import { Inject, Injectable } from '@nestjs/common';
import { ProtocolError, ProtocolErrorCode, type GetPromptResult, type ListPromptsResult } from '@modelcontextprotocol/server';
import type { Principal } from '../../common/auth/principal.js';
import { ToolCatalog } from '../tool-catalog.js';
import { invalidArguments } from './prompt-arguments.js';
import { promptArgumentsOf, type PromptDefinition } from './prompt-definition.js';

/** Injection token for every prompt definition (mcp.module.ts gathers them). */
export const MCP_PROMPT_DEFINITIONS = Symbol('MCP_PROMPT_DEFINITIONS');

/** The prompts, checked and described once at boot; prompts/get validates and builds one. */
@Injectable()
export class PromptCatalog {
  readonly listResult: ListPromptsResult;
  private readonly byName = new Map<string, PromptDefinition>();

  constructor(@Inject(MCP_PROMPT_DEFINITIONS) definitions: PromptDefinition[], @Inject(ToolCatalog) tools: ToolCatalog) {
    for (const prompt of definitions) {
      if (this.byName.has(prompt.name)) throw new Error(`Duplicate MCP prompt name: ${prompt.name}`);
      // A prompt that sends the model to a tool that does not exist would fail only at run time.
      const unknown = prompt.tools.filter((name) => !tools.find(name, 'http'));
      if (unknown.length) throw new Error(`Prompt ${prompt.name} names unknown tools: ${unknown.join(', ')}`);
      this.byName.set(prompt.name, prompt);
    }
    this.listResult = Object.freeze({
      prompts: definitions.map((prompt) => ({
        name: prompt.name,
        title: prompt.title,
        description: prompt.description,
        arguments: promptArgumentsOf(prompt.args),
      })),
    });
  }

  find(name: string): PromptDefinition | undefined {
    return this.byName.get(name);
  }

  async get(principal: Principal, name: string, args: Record<string, string> | undefined): Promise<GetPromptResult> {
    const prompt = this.byName.get(name);
    if (!prompt) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${name}. Call prompts/list for the available prompts.`);
    const parsed = prompt.args.safeParse(args ?? {});
    if (!parsed.success) throw invalidArguments(parsed.error);
    return prompt.build(principal, parsed.data);
  }
}
