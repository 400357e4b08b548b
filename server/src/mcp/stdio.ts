// Stdio entry: `npm run mcp:stdio` (after `npm run build`). stdout carries only MCP
// messages, so every log line goes to stderr.
import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { AppModule } from '../app.module.js';
import type { Principal } from '../common/auth/principal.js';
import { McpAuth } from './mcp-auth.js';
import type { McpCaller } from './mcp-feature.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { parseToolsets } from './toolsets/toolsets.js';
import { toolsetsArgument } from './toolsets/toolsets-argument.js';

// Anything that still prints (a stray console.log in a dependency) must not corrupt the protocol.
console.log = console.info = console.debug = console.error;

class StderrLogger extends ConsoleLogger {
  protected override printMessages(...args: Parameters<ConsoleLogger['printMessages']>): void {
    super.printMessages(args[0], args[1], args[2], 'stderr', args[4], args[5]);
  }
}

// Checked before anything boots: a typo should fail fast, naming the valid toolsets.
const toolsets = parseToolsets(toolsetsArgument(process.argv.slice(2)) ?? process.env.MCP_TOOLSETS);
if ('error' in toolsets) {
  process.stderr.write(`Synapse MCP (stdio): ${toolsets.error}\n`);
  process.exit(1);
}
const selection = toolsets.selection;

let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
try {
  app = await NestFactory.createApplicationContext(AppModule, {
    logger: new StderrLogger('McpStdio', { colors: false }),
    abortOnError: false,
  });
} catch (error) {
  // End with one readable line for the MCP client's log (a locked embedded database folder, say).
  process.stderr.write(`Synapse MCP (stdio) failed to start: ${(error as Error).message}\n`);
  process.exit(1);
}
app.enableShutdownHooks();
const auth = app.get(McpAuth);
// An API key (scripts, pipelines) or a first-party access token; the same verifier as HTTP.
const credential = process.env.SYNAPSE_API_KEY?.trim() || process.env.SYNAPSE_TOKEN?.trim() || undefined;
if (credential && (await auth.verify(credential)).kind === 'challenge') {
  process.stderr.write('SYNAPSE_API_KEY / SYNAPSE_TOKEN is invalid or expired: CRM tools stay unavailable until auth_sign_in succeeds.\n');
}

/**
 * This process is one local user's: an `auth_sign_in` binds it, else the configured
 * credential, checked again on every call (so an expired token or revoked key stops working).
 */
let signedIn: Principal | undefined;
const caller: McpCaller = {
  surface: 'stdio',
  clientKey: 'stdio',
  selection: () => selection,
  principal: async () => {
    if (signedIn || !credential) return signedIn;
    const verified = await auth.verify(credential);
    return verified.kind === 'admitted' ? verified.principal : undefined;
  },
  bind: (principal) => {
    signedIn = principal;
    return true;
  },
};

// Both generations: 2026-07-28 (server/discover, then `_meta` per request) and the 2025 handshake.
const factory = app.get(McpServerFactory);
const handle = serveStdio(() => factory.create(caller), { legacy: 'serve' });
process.stdin.once('end', () => void handle.close().then(() => app.close()).then(() => process.exit(0)));
