/** Memory of another process, read from Linux's /proc. */
import { readFileSync } from 'node:fs';

/**
 * Peak resident set size ("high water mark", VmHWM) of a running process in bytes, or
 * undefined when /proc does not say (not Linux, or the process has ended).
 */
export function peakRssBytes(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}
