/**
 * Timestamps the way ZenML writes them: naive UTC ISO-8601 with microseconds
 * ("2025-01-31T12:00:00.123456"). Stored as text, they sort and compare as strings.
 */

let last = '';

/** Now, strictly later than any timestamp this process handed out before (stable ordering). */
export function now(): string {
  let ts = formatTimestamp(new Date());
  if (ts <= last) ts = nextMicrosecond(last);
  last = ts;
  return ts;
}

export function formatTimestamp(d: Date, micros = 0): string {
  const iso = d.toISOString(); // 2025-01-31T12:00:00.123Z
  return `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}`;
}

function nextMicrosecond(ts: string): string {
  const micros = Number(ts.slice(20, 26)) + 1;
  if (micros < 1_000_000) return `${ts.slice(0, 20)}${String(micros).padStart(6, '0')}`;
  const d = new Date(`${ts.slice(0, 19)}Z`);
  return formatTimestamp(new Date(d.getTime() + 1000)).slice(0, 20) + '000000';
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses the date forms ZenML filters accept ("2025-01-31 12:00:00", ISO-8601 with or without
 * fraction and offset, a bare date) into the stored form; undefined when it is not a date.
 */
export function parseTimestamp(text: string): string | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const offset = zone && zone !== 'Z' ? zone : '+00:00';
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset}`);
  if (Number.isNaN(date.getTime())) return undefined;
  const micros = frac.padEnd(6, '0');
  return `${date.toISOString().slice(0, 19)}.${micros}`;
}
