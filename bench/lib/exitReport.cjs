// Preloaded (`node -r`) into a measured process: when it exits, appends one JSON line with its
// peak resident set size (VmHWM from /proc, bytes) and CPU time (user + system of all its
// threads, ms) to the file named by BENCH_EXIT_REPORT. Works the same for any Node program.
const { appendFileSync, readFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.BENCH_EXIT_REPORT;
  if (!file) return;
  let peakRss = null;
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) peakRss = Number(m[1]) * 1024;
  } catch {
    // Not Linux: no peak figure.
  }
  const cpu = process.cpuUsage();
  appendFileSync(file, `${JSON.stringify({ peakRss, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
});
