import { Global, Module } from '@nestjs/common';
import type { AppConfig } from './config.schema.js';
import { loadConfig } from './load-config.js';

/** Injection token for the validated configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  /** `overrides` lets tests boot the real AppModule with their own database and secrets. */
  static forRoot(overrides: Partial<Record<keyof AppConfig, string>> = {}) {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useFactory: () => loadConfig({ ...process.env, ...overrides }) }],
      exports: [APP_CONFIG],
    };
  }
}
