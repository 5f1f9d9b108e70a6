// What a failed suite's output says failed, for the end of test/all.sh: a CI log is often read
// from its tail, and by then a failure's own lines are far above it.
//   node test/failureExcerpt.mjs LOGFILE           the failures' blocks (stack traces included)
//   node test/failureExcerpt.mjs --brief LOGFILE   a line per failed test: its title and error
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Lines kept per failure block, and in all. */
const BLOCK_LINES = 80;
const MAX_LINES = 200;
/** Failed tests listed by `failureLines`, and characters per line. */
const MAX_FAILURES = 10;
const LINE_CHARS = 240;

// eslint-disable-next-line no-control-regex
const linesOf = (output) => output.replace(/\x1b\[[0-9;]*m/g, '').trimEnd().split('\n');
const indentOf = (line) => line.match(/^\s*/)[0].length;

/** mocha's "N failing" list (the extension-host suite), or the list Node's spec reporter ends with. */
const FAILING_LIST = /^\s*(\d+ failing|✖ failing tests:)\s*$/;
/** A TAP result that failed (Node's test runner when its output is not a terminal). */
const TAP_NOT_OK = /^\s*not ok \d+ - (.*)$/;

/**
 * The lines of `output` (a suite's stdout and stderr) that say what failed, as text ending in a
 * newline: mocha's and Node's spec reporter's lists of failures, TAP's `not ok` results with
 * their YAML blocks, or else the last 40 lines. ANSI colour codes are removed; at most MAX_LINES
 * lines, the last saying how many more there were.
 */
export function failureExcerpt(output) {
  const lines = linesOf(output);
  const picked = [];
  const blockFrom = (start, more) => {
    const end = Math.min(lines.length, start + BLOCK_LINES);
    let i = start;
    for (; i < end && (i === start || more(lines[i])); i++) picked.push(lines[i]);
    return i;
  };
  for (let i = 0; i < lines.length; i++) {
    if (FAILING_LIST.test(lines[i])) {
      i = blockFrom(i, () => true) - 1;
    } else if (TAP_NOT_OK.test(lines[i])) {
      // The result and its YAML block; a parent's `not ok` for its failed subtests is kept too.
      const indent = indentOf(lines[i]);
      i = blockFrom(i, (l) => l.trim() === '' || indentOf(l) > indent || /^\s*(---|\.\.\.)\s*$/.test(l)) - 1;
    }
  }
  const chosen = picked.length ? picked : lines.slice(-40);
  const shown = chosen.slice(0, MAX_LINES);
  if (chosen.length > MAX_LINES) shown.push(`… ${chosen.length - MAX_LINES} more lines in the full output above`);
  return shown.join('\n') + '\n';
}

/**
 * One line per failed test — its title and the first line of its error — from mocha's list,
 * Node's spec reporter's list or TAP (parents that failed only through a subtest are left out);
 * at most MAX_FAILURES, each cut at LINE_CHARS characters. When none is recognised: the
 * output's last 3 lines (a tool's own error usually ends it).
 */
export function failureLines(output) {
  const lines = linesOf(output);
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const mocha = /^\s+\d+\) (.*)$/.exec(lines[i]);
    const tap = TAP_NOT_OK.exec(lines[i]);
    if (mocha && !lines[i].trimEnd().endsWith(':') && precededByFailingList(lines, i)) {
      // "  1) outer describe" / "       inner title:" lines, then the error.
      const title = [mocha[1].trim()];
      let j = i + 1;
      while (j < lines.length && !title[title.length - 1].endsWith(':')) title.push(lines[j++].trim());
      while (j < lines.length && lines[j].trim() === '') j++;
      found.push(`${title.join(' › ').replace(/:$/, '')}: ${(lines[j] ?? '').trim()}`);
      i = j;
    } else if (/^\s*✖ /.test(lines[i]) && precededByFailingList(lines, i)) {
      found.push(`${lines[i].trim().replace(/^✖ /, '').replace(/ \([\d.]+m?s\)$/, '')}: ${(lines[i + 1] ?? '').trim()}`);
    } else if (tap) {
      let error = '';
      let parentOnly = false;
      for (let j = i + 1; j < lines.length && (indentOf(lines[j]) > indentOf(lines[i]) || lines[j].trim() === ''); j++) {
        if (/^\s*failureType: 'subtestsFailed'/.test(lines[j])) parentOnly = true;
        const e = /^\s*error: (.*)$/.exec(lines[j]);
        if (e && !error) error = e[1].replace(/^'(.*)'$/, '$1');
      }
      if (!parentOnly) found.push(`${tap[1].trim()}: ${error}`);
    }
  }
  const listed = found.length ? found : lines.slice(-3);
  const shown = listed.slice(0, MAX_FAILURES).map((l) => (l.length > LINE_CHARS ? `${l.slice(0, LINE_CHARS - 1)}…` : l));
  if (listed.length > MAX_FAILURES) shown.push(`… and ${listed.length - MAX_FAILURES} more`);
  return shown.join('\n') + '\n';
}

/** Whether line `i` is inside a failure list (mocha's "N failing", or Node's "✖ failing tests:"). */
function precededByFailingList(lines, i) {
  for (let j = i - 1; j >= 0; j--) {
    if (FAILING_LIST.test(lines[j])) return true;
    // A test that passed, or a run's totals: the list is not open here.
    if (/^\s*✔ /.test(lines[j]) || /^\s*\d+ passing \(/.test(lines[j]) || /^ℹ duration_ms/.test(lines[j])) return false;
  }
  return false;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const brief = process.argv[2] === '--brief';
  const text = readFileSync(process.argv[brief ? 3 : 2], 'utf8');
  process.stdout.write(brief ? failureLines(text) : failureExcerpt(text));
}
