/**
 * The JavaScript value of a parsed YAML document, built with YAML's rules for anchors, aliases
 * and `<<` merge keys — and with what goes wrong with them found and placed on the alias:
 *
 * - an alias whose anchor is not defined before it (YAML requires the anchor first), whether the
 *   anchor comes later in the file or nowhere;
 * - an alias inside the very value its anchor names (it would expand forever);
 * - aliases that expand the document out of proportion to its text (an alias bomb, "billion
 *   laughs"): see MAX_EXPANSION_FACTOR. The expansion is counted before anything is expanded, in
 *   time proportional to the text, so a bomb is refused as fast as it is read;
 * - a merge key whose value is not a mapping, an alias of one, or a list of them.
 *
 * The `yaml` library's own `toJS` limits how often one anchor is used, which refuses honest files
 * (150 members merging one shared default) and throws on the first unresolved alias; this module
 * replaces it.
 */
import { Alias, isAlias, isMap, isPair, isScalar, isSeq, Node as YamlNode, Scalar } from 'yaml';

/** Aliases may expand a document to at most this many times the values written in it, ... */
export const MAX_EXPANSION_FACTOR = 10;
/** ... plus this many values, so that small files may share freely. */
export const EXPANSION_ALLOWANCE = 10_000;

export type AliasProblem =
  | { kind: 'undefined'; alias: Alias }
  | { kind: 'cycle'; alias: Alias }
  | { kind: 'bomb'; alias: Alias; aliasSize: number; expanded: number; written: number; limit: number }
  | { kind: 'bad-merge'; node: YamlNode; found: string };

/** An anchor defined in another piece of the file (see projectDocument.ts): its value and size. */
export interface ExternalAnchor {
  value: unknown;
  /** Its expanded size in values. */
  size: number;
}

export interface YamlValue {
  /** The document's value; undefined when an alias problem made it unbuildable (a bomb, a cycle). */
  value: unknown;
  problems: AliasProblem[];
  /** Aliases that resolve to nothing: values built from them are missing, not wrong. */
  unresolved: Set<Alias>;
  /** The node each alias resolved inside the text names. */
  targets: Map<Alias, YamlNode>;
  /** True when the document has no aliases at all. */
  plain: boolean;
  /** Names of the aliases no anchor of the text defined before them (resolved by `external` or not). */
  outside: Set<string>;
  /** Anchors defined in the text that do not depend on anything outside it, by name (the last
   * definition of a name wins, as it does for an alias after them). */
  anchors: Map<string, ExternalAnchor>;
  /** Values written, and values after expansion (for the limit across pieces). */
  written: number;
  expanded: number;
}

/**
 * Builds the value of `contents`, a document's root node parsed from `text`. `external` resolves
 * an alias whose anchor is not in the text (one defined earlier in the file, when the text is a
 * piece of it).
 */
export function yamlValue(contents: unknown, text: string, external?: (name: string) => ExternalAnchor | undefined): YamlValue {
  const problems: AliasProblem[] = [];
  const unresolved = new Set<Alias>();
  const targets = new Map<Alias, YamlNode>();
  const externals = new Map<Alias, ExternalAnchor>();
  const outside = new Set<string>();
  // Pass 1, in document order: which node each alias names, and how large everything expands,
  // without expanding anything (an alias's size is its anchor's, already known).
  const anchors = new Map<string, YamlNode>();
  const sizes = new Map<YamlNode, number>();
  const open: YamlNode[] = [];
  /** Anchored nodes that contain an alias resolved outside the text. */
  const dependent = new Set<YamlNode>();
  let written = 0;
  let aliases = 0;
  let biggest: { alias: Alias; size: number } | undefined;
  const measure = (node: unknown): number => {
    if (!node || typeof node !== 'object') return 0;
    if (isAlias(node)) {
      written++;
      aliases++;
      const target = anchors.get(node.source);
      if (!target) {
        outside.add(node.source);
        for (const o of open) dependent.add(o);
        const ext = external?.(node.source);
        if (ext) {
          externals.set(node, ext);
          if (!biggest || ext.size > biggest.size) biggest = { alias: node, size: ext.size };
          return ext.size;
        }
        unresolved.add(node);
        problems.push({ kind: 'undefined', alias: node });
        return 1;
      }
      if (open.includes(target)) {
        unresolved.add(node);
        problems.push({ kind: 'cycle', alias: node });
        return Infinity;
      }
      targets.set(node, target);
      const size = sizes.get(target) ?? 1;
      if (!biggest || size > biggest.size) biggest = { alias: node, size };
      return size;
    }
    const n = node as YamlNode;
    written++;
    if (n.anchor) {
      anchors.set(n.anchor, n);
      open.push(n);
    }
    let size = 1;
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        size += measure(item.key) + measure(item.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) size += measure(item);
    }
    if (n.anchor) {
      open.pop();
      sizes.set(n, size);
    }
    return size;
  };
  const expanded = measure(contents);
  const result = (value: unknown): YamlValue => {
    const exported = new Map<string, ExternalAnchor>();
    for (const [name, node] of anchors) if (!dependent.has(node) && built.has(node)) exported.set(name, { value: built.get(node), size: sizes.get(node) ?? 1 });
    return { value, problems, unresolved, targets, plain: aliases === 0, outside, anchors: exported, written, expanded };
  };
  const built = new Map<YamlNode, unknown>();
  if (problems.some((p) => p.kind === 'cycle')) return result(undefined);
  const limit = MAX_EXPANSION_FACTOR * written + EXPANSION_ALLOWANCE;
  if (expanded > limit && biggest) {
    problems.push({ kind: 'bomb', alias: biggest.alias, aliasSize: biggest.size, expanded, written, limit });
    return result(undefined);
  }

  // Pass 2: the value. An alias shares its anchor's value (as the `yaml` library does), so this
  // costs what the text costs plus the keys that merges copy, which the limit above bounds.
  const build = (node: unknown): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = targets.get(node);
      return target ? built.get(target) : externals.get(node)?.value;
    }
    let value: unknown;
    if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      for (const item of node.items) {
        if (!isPair(item)) continue;
        if (isMergeKey(item.key)) {
          merge(obj, item.value, item.key as YamlNode);
          continue;
        }
        const v = build(item.value);
        const k = keyString(item.key, text);
        if (isAlias(item.value) && unresolved.has(item.value)) continue;
        Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
      }
      value = obj;
    } else if (isSeq(node)) {
      value = node.items.map((i) => build(i));
    } else if (isScalar(node)) {
      value = scalarValue(node);
    } else value = null;
    if ((node as YamlNode).anchor) built.set(node as YamlNode, value);
    return value;
  };
  /** `key`: the `<<` itself, where a merge of nothing is reported. */
  const merge = (obj: Record<string, unknown>, source: unknown, key: YamlNode): void => {
    if (isAlias(source) && unresolved.has(source)) return;
    const v = build(source);
    // A list of sources (`<<: [*a, *b]`), written out or itself an alias; earlier ones win.
    const target = isAlias(source) ? targets.get(source) : undefined;
    const list = Array.isArray(v) ? v : [v];
    const nodes: unknown[] = isSeq(source) ? source.items : isSeq(target) ? target.items : [];
    list.forEach((item, i) => {
      const node = (nodes[i] ?? (!source || (isScalar(source) && source.value === null) ? key : source)) as YamlNode;
      if (isAlias(node) && unresolved.has(node)) return;
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        problems.push({ kind: 'bad-merge', node, found: Array.isArray(item) ? 'a list' : item === null || item === undefined ? 'nothing' : 'a single value' });
        return;
      }
      for (const [k, val] of Object.entries(item)) if (!Object.prototype.hasOwnProperty.call(obj, k)) obj[k] = val;
    });
  };
  return result(build(contents));
}

/** `<<` written plainly, which the parser (with `merge: true`) resolves to a symbol. */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.value === '<<' && (!key.type || key.type === Scalar.PLAIN)));
}

/** A key as text; a key that is a collection or an alias stands as its source text (as in the tree). */
function keyString(key: unknown, text: string): string {
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  const r = (key as YamlNode | null)?.range;
  return r ? text.slice(r[0], isAlias(key) ? r[1] : r[2]) : '';
}

function scalarValue(node: Scalar): unknown {
  const v = node.value;
  if (typeof v === 'bigint') return Number(v);
  // Timestamps and binary (YAML 1.1 tags) become what JSON would make of them, as `toJS` does.
  if (v && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') return (v as { toJSON(): unknown }).toJSON();
  return v;
}
