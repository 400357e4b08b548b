const DAY = 86_400_000;

/** Whether the runtime knows this IANA time zone name (e.g. "Europe/Berlin"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export type DueWithin = 'today' | 'week';

/**
 * The half-open window [from, to) of "due today" or "due this week" as the caller's wall
 * clock in `timeZone` sees it (ADR 0048): a day runs from local midnight to the next, a
 * week from Monday 00:00 (ISO 8601 weeks) to the next Monday 00:00. Each boundary is
 * converted on its own, so a week with a daylight-saving change is 167 or 169 hours long.
 */
export function dueWindow(within: DueWithin, now: Date, timeZone: string): { from: Date; to: Date } {
  const wall = new Date(now.getTime() + offsetAt(now.getTime(), timeZone));
  const midnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
  const start = within === 'today' ? midnight : midnight - ((wall.getUTCDay() + 6) % 7) * DAY;
  const end = start + (within === 'today' ? DAY : 7 * DAY);
  return { from: new Date(instantOfWall(start, timeZone)), to: new Date(instantOfWall(end, timeZone)) };
}

/** Milliseconds the zone's wall clock is ahead of UTC at this instant. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the zone's clock shows `wall` (a wall time written as UTC milliseconds). */
function instantOfWall(wall: number, timeZone: string): number {
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}
