import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApiKeysModule } from './api-keys/api-keys.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BatchModule } from './batch/batch.module.js';
import { ErrorFormatsModule } from './common/errors/error-formats.js';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter.js';
import { ConfigModule } from './config/config.module.js';
import { EventsModule } from './events/events.module.js';
import { CompaniesModule } from './companies/companies.module.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DealsModule } from './deals/deals.module.js';
import { HealthModule } from './health/health.module.js';
import { HistoryModule } from './history/history.module.js';
import { LeadsModule } from './leads/leads.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { McpModule } from './mcp/mcp.module.js';
import { MembersModule } from './members/members.module.js';
import { OAuthModule } from './oauth/oauth.module.js';
import { OpenApiModule } from './openapi/openapi.module.js';
import { PipelinesModule } from './pipelines/pipelines.module.js';
import { SearchModule } from './search/search.module.js';
import { SeedModule } from './seed/seed.module.js';
import { NotesModule } from './notes/notes.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { TicketsModule } from './tickets/tickets.module.js';
import { TrashModule } from './trash/trash.module.js';

@Module({
  imports: [ConfigModule.forRoot(), ErrorFormatsModule, LoggingModule, DatabaseModule, EventsModule, AuthModule, HealthModule, SeedModule, OpenApiModule, ContactsModule, CompaniesModule, PipelinesModule, DealsModule, LeadsModule, TicketsModule, NotesModule, TasksModule, SearchModule, BatchModule, TrashModule, HistoryModule, MembersModule, ApiKeysModule, McpModule, OAuthModule],
  providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
})
export class AppModule {}
