/**
 * A fast path for the overwhelmingly common shape of a project file's lines — `key: value` with
 * a plain or simply quoted string — that yields exactly what the full YAML parser would, about
 * twenty times faster. Anything outside that shape returns undefined and goes to the full parser,
 * so correctness never depends on this file recognising more than it does.
 */
import type { MapNode, PairNode, ScalarNode, SeqNode, TreeNode } from './yamlTree';

const KEY_START = /[A-Za-z_$]/;
const KEY_CHAR = /[A-Za-z0-9_$-]/;
/** Characters that cannot start a plain scalar, or that start one we leave to the full parser. */
const PLAIN_FIRST_EXCLUDED = new Set([...'-?:,[]{}#&*!|>\'"%@`~ \t']);
/** Plain scalars the YAML 1.2 core schema resolves to something other than a string. */
const NON_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

export type UnitShape = 'top' | 'item';

/**
 * Keys and short values repeat across a file's entries (`user`, `role`, `developer`): one copy
 * each instead of one per entry. Bounded, so that a file of unique short values cannot grow it.
 */
const interned = new Map<string, string>();
function intern(text: string, start: number, end: number): string {
  const s = text.slice(start, end);
  if (end - start > 24) return s;
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size < 4096) interned.set(s, s);
  return s;
}

/**
 * `top`: one `key: value` line at column 0 (plus comments); `item`: one block-sequence entry whose
 * lines are all `key: value` pairs of one mapping (`- a: 1` / `  b: 2`).
 */
export function fastParse(text: string, shape: UnitShape, merges = false): TreeNode | undefined {
  const pairs: PairNode[] = [];
  let dashAt = -1;
  let keyColumn = -1;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = n;
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    let i = pos;
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (i < end && text.charCodeAt(i) === 9) return undefined;
    if (i === end || text[i] === '#') {
      pos = eol + 1;
      continue;
    }
    const indent = i - pos;
    if (shape === 'top') {
      if (pairs.length > 0 || indent !== 0) return undefined;
    } else if (dashAt === -1) {
      if (text[i] !== '-' || text[i + 1] !== ' ') return undefined;
      dashAt = i;
      i++;
      while (i < end && text.charCodeAt(i) === 32) i++;
      keyColumn = i - pos;
    } else if (indent !== keyColumn) {
      return undefined;
    }
    // `members:` alone (its entries are segments of their own) is a key whose value is null.
    const pair = merges && shape === 'item' && text.startsWith('<<:', i) ? parseMerge(text, i, end) : parsePair(text, i, end, shape === 'top' && eol >= n - 1);
    if (!pair || pairs.some((p) => p.keyText === pair.keyText)) return undefined;
    pairs.push(pair);
    pos = eol + 1;
  }
  if (pairs.length === 0) return undefined;
  const first = pairs[0].key.start;
  const last = pairs[pairs.length - 1].value!.end;
  // An exact-size copy: a pushed-to array keeps room for 17 elements, and a file of 50,000
  // members keeps 50,000 of these lists.
  const map: MapNode = { kind: 'map', start: first, end: last, pairs: pairs.slice() };
  if (shape === 'top') return map;
  const seq: SeqNode = { kind: 'seq', start: dashAt, end: last, items: [map] };
  return seq;
}

const ALIAS_NAME = /[A-Za-z0-9_.-]/;

/**
 * `<<: *name` (with `merges`): a merge of an anchor defined elsewhere, whose value the caller
 * resolves (see parseUnit). Its value node is the alias.
 */
function parseMerge(text: string, i: number, end: number): PairNode | undefined {
  const keyStart = i;
  i += 3;
  if (text[i] !== ' ') return undefined;
  while (i < end && text.charCodeAt(i) === 32) i++;
  if (text[i] !== '*') return undefined;
  const aliasStart = i;
  i++;
  while (i < end && ALIAS_NAME.test(text[i])) i++;
  const aliasEnd = i;
  if (aliasEnd === aliasStart + 1) return undefined;
  while (i < end && text.charCodeAt(i) === 32) i++;
  if (i < end && text[i] !== '#') return undefined;
  const key: ScalarNode = { kind: 'scalar', start: keyStart, end: keyStart + 2, value: '<<' };
  const value: ScalarNode = { kind: 'scalar', start: aliasStart, end: aliasEnd, value: undefined, alias: { name: text.slice(aliasStart + 1, aliasEnd), resolved: true } };
  return { key, keyText: '<<', value, merge: true };
}

/** `emptyValue`: a key with nothing after it (not even a comment) is a pair with a null value. */
function parsePair(text: string, i: number, end: number, emptyValue: boolean): PairNode | undefined {
  const keyStart = i;
  if (!KEY_START.test(text[i] ?? '')) return undefined;
  i++;
  while (i < end && KEY_CHAR.test(text[i])) i++;
  const keyEnd = i;
  if (text[i] !== ':') return undefined;
  i++;
  if (i < end && text[i] !== ' ') return undefined;
  while (i < end && text.charCodeAt(i) === 32) i++;
  let value: ScalarNode | undefined;
  if (i === end && emptyValue) value = { kind: 'scalar', start: i, end: i, value: null };
  else if (i === end || text[i] === '#') return undefined; // empty value: null or a nested block
  else value = parseScalar(text, i, end);
  if (!value) return undefined;
  const keyText = intern(text, keyStart, keyEnd);
  const key: ScalarNode = { kind: 'scalar', start: keyStart, end: keyEnd, value: keyText };
  return { key, keyText, value };
}

function parseScalar(text: string, i: number, end: number): ScalarNode | undefined {
  const c = text[i];
  let valueEnd: number;
  let value: string;
  if (c === '"') {
    const close = text.indexOf('"', i + 1);
    if (close === -1 || close >= end) return undefined;
    value = text.slice(i + 1, close);
    if (value.includes('\\')) return undefined;
    valueEnd = close + 1;
  } else if (c === "'") {
    let j = i + 1;
    for (;;) {
      const q = text.indexOf("'", j);
      if (q === -1 || q >= end) return undefined;
      if (text[q + 1] === "'") j = q + 2;
      else {
        valueEnd = q + 1;
        break;
      }
    }
    value = text.slice(i + 1, valueEnd - 1).replace(/''/g, "'");
  } else {
    if (PLAIN_FIRST_EXCLUDED.has(c)) return undefined;
    let j = i;
    let last = i;
    for (; j < end; j++) {
      const ch = text.charCodeAt(j);
      if (ch === 9) return undefined;
      if (ch === 35 /* # */ && text.charCodeAt(j - 1) === 32) break;
      if (ch === 58 /* : */ && (j + 1 === end || text.charCodeAt(j + 1) === 32)) return undefined;
      if (ch !== 32) last = j;
    }
    valueEnd = last + 1;
    value = intern(text, i, valueEnd);
    if (NON_STRING.test(value)) return undefined;
  }
  // After the value: nothing but spaces and an optional comment.
  let k = valueEnd;
  while (k < end && text.charCodeAt(k) === 32) k++;
  if (k < end && !(text[k] === '#' && k > valueEnd)) return undefined;
  return { kind: 'scalar', start: i, end: valueEnd, value };
}
