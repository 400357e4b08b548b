import { Module } from '@nestjs/common';
import { RecordLookupService } from './record-lookup.service.js';

@Module({
  providers: [RecordLookupService],
  exports: [RecordLookupService],
})
export class LookupsModule {}
