import type { AppConfig } from '../config/config.schema.js';
import { RecordChangeBus } from './record-change.bus.js';
import type { RecordChange } from './record-change.js';
import { convertedRecords } from './touched-records.js';

const principal = { tenantId: 'tenant-a' };
const busWithoutRedis = () => new RecordChangeBus({ REDIS_KEY_PREFIX: 'test' } as AppConfig);

test('after() announces the written record once the write resolved, and returns its result', async () => {
  const bus = busWithoutRedis();
  const heard: RecordChange[] = [];
  bus.subscribe((change) => heard.push(change));
  let commit!: (value: { id: string }) => void;
  const pending = bus.after(principal, 'contact', new Promise<{ id: string }>((resolve) => { commit = resolve; }));
  await Promise.resolve();
  expect(heard).toEqual([]);
  commit({ id: 'c1' });
  await expect(pending).resolves.toEqual({ id: 'c1' });
  expect(heard).toEqual([{ tenantId: 'tenant-a', kind: 'contact', id: 'c1' }]);
});

test('a failed write announces nothing', async () => {
  const bus = busWithoutRedis();
  const heard: RecordChange[] = [];
  bus.subscribe((change) => heard.push(change));
  await expect(bus.after(principal, 'deal', Promise.reject(new Error('rolled back')))).rejects.toThrow('rolled back');
  expect(heard).toEqual([]);
});

test('a conversion announces the lead, the new contact and the new deal; a broken listener does not stop the others', async () => {
  const bus = busWithoutRedis();
  const heard: string[] = [];
  bus.subscribe(() => { throw new Error('broken listener'); });
  const stop = bus.subscribe((change) => heard.push(`${change.kind}:${change.id}`));
  await bus.after(principal, convertedRecords, Promise.resolve({ lead: { id: 'l1' }, contact: { id: 'c1' }, deal: { id: 'd1' } }));
  expect(heard).toEqual(['lead:l1', 'contact:c1', 'deal:d1']);
  stop();
  bus.publish({ tenantId: 'tenant-a', kind: 'ticket', id: 't1' });
  expect(heard).toHaveLength(3);
});
