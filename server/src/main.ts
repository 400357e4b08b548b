import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG } from './config/config.module.js';
import type { AppConfig } from './config/config.schema.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { createApp } from './create-app.js';

// In-flight requests get this long to finish after SIGTERM before the process gives up.
const SHUTDOWN_GRACE_MS = 10_000;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

try {
  // Validate before Nest boots, so a bad variable stops the process with one clear message.
  loadConfig();
} catch (error) {
  fail(error instanceof ConfigError ? error.message : `Could not read configuration: ${(error as Error).message}`);
}

let app: NestFastifyApplication;
try {
  app = await createApp();
} catch (error) {
  fail(`Synapse CRM failed to start: ${(error as Error).message}`);
}

const config = app.get<AppConfig>(APP_CONFIG);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => setTimeout(() => fail(`Shutdown did not finish within ${SHUTDOWN_GRACE_MS} ms.`), SHUTDOWN_GRACE_MS).unref());
}
await app.listen(config.PORT, config.HOST);
app.get(Logger).log(`Synapse CRM listening on http://${config.HOST}:${config.PORT}/api`, 'Bootstrap');
