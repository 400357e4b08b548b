import { timelineCondition } from './linked-records.js';

test('a record\'s timeline takes its own changes, and those of rows in the linking tables that name it', () => {
  const id = '0193a6f2-0000-7000-8000-000000000001';
  expect(timelineCondition(id, [])(2)).toEqual({ sql: 'a."recordId" = $2::uuid', params: [id] });
  const linked = timelineCondition(id, ['Note', 'Task'])(3);
  expect(linked.params).toEqual([id]);
  expect(linked.sql).toBe(
    '(a."recordId" = $3::uuid OR a."recordId" IN (' +
      'SELECT "id" FROM "Note" WHERE "tenantId" = a."tenantId" AND "linkedRecordIds" @> ARRAY[$3::uuid] UNION ALL ' +
      'SELECT "id" FROM "Task" WHERE "tenantId" = a."tenantId" AND "linkedRecordIds" @> ARRAY[$3::uuid]))',
  );
});
