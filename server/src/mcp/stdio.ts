// Stdio entry: `npm run mcp:stdio` (after `npm run build`). stdout carries only MCP
// messages, so every log line goes to stderr.
import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { AppModule } from '../app.module.js';
import type { Principal } from '../common/auth/principal.js';
import { McpAuth } from './mcp-auth.js';
import { McpServerFactory } from './mcp-server.factory.js';

const stdout = process.stdout;
// Anything that still prints (a stray console.log in a dependency) must not corrupt the protocol.
console.log = console.info = console.debug = console.error;

class StderrLogger extends ConsoleLogger {
  protected override printMessages(...args: Parameters<ConsoleLogger['printMessages']>): void {
    super.printMessages(args[0], args[1], args[2], 'stderr', args[4], args[5]);
  }
}

let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
try {
  app = await NestFactory.createApplicationContext(AppModule, {
    logger: new StderrLogger('McpStdio', { colors: false }),
    abortOnError: false,
  });
} catch (error) {
  // One readable line for the MCP client's log (a locked embedded database folder, say), no stack.
  process.stderr.write(`Synapse MCP (stdio) failed to start: ${(error as Error).message}\n`);
  process.exit(1);
}
app.enableShutdownHooks();
const auth = app.get(McpAuth);
const token = process.env.SYNAPSE_TOKEN?.trim() || undefined;
if (token && (await auth.verify(token)).kind !== 'authenticated') {
  process.stderr.write('SYNAPSE_TOKEN is invalid or expired: CRM tools stay unavailable until auth_sign_in succeeds.\n');
}

let signedIn: Principal | undefined;
const server = app.get(McpServerFactory).create({
  // The token is checked on every call, so one that expires mid-session stops working.
  principalFor: async () => {
    if (signedIn || !token) return signedIn;
    const caller = await auth.verify(token);
    return caller.kind === 'authenticated' ? caller.principal : undefined;
  },
  clientKeyFor: () => 'stdio',
  bind: (principal) => {
    signedIn = principal;
    return true;
  },
});
server.onclose = () => void app.close().then(() => process.exit(0));
await server.connect(new StdioServerTransport(process.stdin, stdout));
