// `node --import ./test/support/mcp-ts-register.mjs server/src/mcp/stdio.ts` runs the stdio
// entry straight from TypeScript (swc, as jest does), so the e2e test needs no build step.
import { register } from 'node:module';

register('./mcp-ts-hooks.mjs', import.meta.url);
