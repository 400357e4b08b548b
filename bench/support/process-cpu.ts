import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Linux reports process CPU in clock ticks; elsewhere there is no /proc and the figure is NaN.
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * User plus system CPU, in milliseconds, that these processes have used so far. Server CPU
 * per call is steadier than throughput on a shared machine, and it counts every process a
 * design needs (the forwarding baseline runs two).
 */
export function cpuMsOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields 14 and 15 (utime, stime); the command name in field 2 may hold spaces, so count from its ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return Number.NaN;
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
