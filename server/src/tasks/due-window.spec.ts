import { dueWindow, isTimeZone } from './due-window.js';

const iso = (window: { from: Date; to: Date }) => [window.from.toISOString(), window.to.toISOString()];

describe('due windows', () => {
  test('a week runs Monday 00:00 to the next Monday 00:00 on the caller\'s clock', () => {
    // Thursday 3 Dec 2026, 10:00 UTC.
    const now = new Date('2026-12-03T10:00:00Z');
    expect(iso(dueWindow('week', now, 'UTC'))).toEqual(['2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z']);
    expect(iso(dueWindow('week', now, 'Europe/Berlin'))).toEqual(['2026-11-29T23:00:00.000Z', '2026-12-06T23:00:00.000Z']);
    expect(iso(dueWindow('week', now, 'America/New_York'))).toEqual(['2026-11-30T05:00:00.000Z', '2026-12-07T05:00:00.000Z']);
  });

  test('the local date decides the week and the day, not the UTC date', () => {
    // Sunday 6 Dec 2026 23:30 UTC is already Monday 7 Dec in Tokyo.
    const now = new Date('2026-12-06T23:30:00Z');
    expect(iso(dueWindow('week', now, 'UTC'))).toEqual(['2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z']);
    expect(iso(dueWindow('week', now, 'Asia/Tokyo'))).toEqual(['2026-12-06T15:00:00.000Z', '2026-12-13T15:00:00.000Z']);
    expect(iso(dueWindow('today', now, 'Asia/Tokyo'))).toEqual(['2026-12-06T15:00:00.000Z', '2026-12-07T15:00:00.000Z']);
  });

  test('a week across a daylight-saving change keeps local midnights (167 hours)', () => {
    // Europe moves its clocks forward on Sunday 29 March 2026.
    const window = dueWindow('week', new Date('2026-03-26T12:00:00Z'), 'Europe/Paris');
    expect(iso(window)).toEqual(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    expect((window.to.getTime() - window.from.getTime()) / 3_600_000).toBe(167);
  });

  test('time zone names are checked', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
