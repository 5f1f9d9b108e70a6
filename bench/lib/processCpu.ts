/** CPU time of another process, read from Linux's /proc. */
import { readFileSync } from 'node:fs';

/** Linux reports process times in USER_HZ ticks, 100 per second on every mainstream architecture. */
const MS_PER_TICK = 10;

/**
 * User plus system CPU time a running process has used so far, in ms (10 ms resolution), or
 * undefined when /proc does not say. Unlike wall-clock time it barely moves when other
 * processes compete for the cores, so it shows how much work a server did on a busy machine.
 */
export function cpuTimeMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name in parentheses may contain spaces; the fields after it are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * MS_PER_TICK : undefined;
}
