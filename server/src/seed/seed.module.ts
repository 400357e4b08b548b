import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { FirstStartSeeder } from './first-start-seeder.js';

@Module({ imports: [AuthModule], providers: [FirstStartSeeder] })
export class SeedModule {}
