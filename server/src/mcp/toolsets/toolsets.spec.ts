import { parseToolsets } from './toolsets.js';
import { toolsetsArgument } from './toolsets-argument.js';

describe('parseToolsets', () => {
  test('absent or empty means every tool', () => {
    for (const raw of [undefined, '', ' , ']) expect(parseToolsets(raw)).toEqual({ selection: { key: '', readOnly: false } });
  });

  test('a canonical key whatever the order, case or repetition; read-only combines', () => {
    const parsed = parseToolsets(['Deals, contacts', 'read-only,deals']);
    expect('selection' in parsed && parsed.selection.key).toBe('contacts,deals,read-only');
    expect('selection' in parsed && [...parsed.selection.toolsets!]).toEqual(['contacts', 'deals']);
    expect(parseToolsets('read-only')).toEqual({ selection: { key: 'read-only', readOnly: true } });
  });

  test('an unknown name refuses the whole list and names the valid ones', () => {
    expect(parseToolsets('contacts,widgets')).toEqual({
      error: 'Unknown toolset: widgets. Valid toolsets: contacts, companies, leads, deals, tickets, pipelines, notes, tasks, records, history, batch, read-only (comma-separated; read-only combines with the others).',
    });
  });
});

test('--toolsets takes the next argument or an = value', () => {
  expect(toolsetsArgument(['--toolsets', 'deals'])).toBe('deals');
  expect(toolsetsArgument(['--x', '--toolsets=deals,read-only'])).toBe('deals,read-only');
  expect(toolsetsArgument([])).toBeUndefined();
});
