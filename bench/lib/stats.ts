/** Summaries of timing samples and the formatting the benchmark tables share. */

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/**
 * The nearest-rank percentile: a value that was actually measured, so that the p95 of 20
 * samples is the 19th fastest and not an interpolation.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) {
    const mid = sorted.length / 2;
    return (sorted[mid - 1] + sorted[mid]) / 2;
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** "0.42 ms", "12.3 ms", "431 ms", "4.52 s". */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** "52 kB", "87 MB", "1.93 GB" (decimal units, as the targets are written). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes < 1e6) return `${Math.round(bytes / 1e3)} kB`;
  return `${Math.round(bytes / 1e6)} MB`;
}

/** "12.3×" — how many times `a` is `b`. */
export function formatRatio(a: number, b: number): string {
  if (!(b > 0) || !Number.isFinite(a)) return '—';
  const r = a / b;
  return `${r >= 100 ? Math.round(r) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}
