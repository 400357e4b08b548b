import { Global, Module } from '@nestjs/common';
import { RecordChangeBus } from './record-change.bus.js';

/** Record-change announcements, available to every domain module without an import. */
@Global()
@Module({
  providers: [RecordChangeBus],
  exports: [RecordChangeBus],
})
export class EventsModule {}
