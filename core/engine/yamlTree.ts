/**
 * A small, range-carrying view of parsed YAML: what validation needs (kinds, ranges relative to
 * the parsed text, keys) without the weight of the `yaml` library's document model, so that the
 * fast path for simple lines and the full parser produce the same thing.
 */
import { Alias, isAlias, isMap, isPair, isScalar, isSeq, Node as YamlNode } from 'yaml';

export type TreeNode = ScalarNode | MapNode | SeqNode;

export interface ScalarNode {
  kind: 'scalar';
  /** Offsets in the parsed text: [start, end). */
  start: number;
  end: number;
  /** The resolved value (string, number, boolean, null), or undefined for an alias. */
  value: unknown;
  /** For an alias (`*name`): the anchor's name and the tree of the value it names, which is
   * absent when the alias resolves to nothing (reported on its own). */
  alias?: { name: string; target?: TreeNode; resolved: boolean };
}

export interface PairNode {
  key: ScalarNode;
  /** The key as text (a non-scalar key is kept as its source text). */
  keyText: string;
  value: TreeNode | null;
  /** A `<<` merge key (not a quoted '<<'). */
  merge?: boolean;
}

export interface MapNode {
  kind: 'map';
  start: number;
  end: number;
  pairs: PairNode[];
}

export interface SeqNode {
  kind: 'seq';
  start: number;
  end: number;
  items: TreeNode[];
}

export function pairOf(map: MapNode, key: string): PairNode | undefined {
  for (const p of map.pairs) if (p.keyText === key) return p;
  return undefined;
}

/** Thrown when a document nests deeper than the caller allows. */
export class TooDeepError extends Error {
  constructor(readonly offset: number) {
    super('nested too deeply');
  }
}

/** What the tree needs to know about aliases: the node each resolved alias names. */
export interface AliasTargets {
  targets: Map<Alias, YamlNode>;
  /** Aliases that resolve to nothing (the others may name an anchor outside the text). */
  unresolved: Set<Alias>;
}

/** Converts a `yaml` node into a tree node; `null` for an absent node. */
export function fromYaml(node: unknown, text: string, depthLeft = Infinity, aliases?: AliasTargets): TreeNode | null {
  return convert(node, text, depthLeft, aliases, aliases ? new Map() : undefined);
}

function convert(node: unknown, text: string, depthLeft: number, aliases: AliasTargets | undefined, anchored: Map<YamlNode, TreeNode> | undefined): TreeNode | null {
  const tree = convertNode(node, text, depthLeft, aliases, anchored);
  if (tree && anchored && (node as YamlNode).anchor) anchored.set(node as YamlNode, tree);
  return tree;
}

function convertNode(node: unknown, text: string, depthLeft: number, aliases: AliasTargets | undefined, anchored: Map<YamlNode, TreeNode> | undefined): TreeNode | null {
  if (node === null || node === undefined) return null;
  if (depthLeft <= 0) throw new TooDeepError((node as YamlNode).range?.[0] ?? 0);
  if (isMap(node)) {
    const [start, , end] = rangeOf(node as YamlNode);
    const pairs: PairNode[] = [];
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const keyTree = convert(item.key, text, depthLeft - 1, aliases, anchored);
      const key: ScalarNode =
        keyTree?.kind === 'scalar' ? keyTree : { kind: 'scalar', start: keyTree?.start ?? start, end: keyTree?.end ?? start, value: undefined };
      // A merge key's value is a symbol; its source text `<<` names it.
      const keyText = isScalar(item.key) ? (typeof item.key.value === 'symbol' ? (item.key.source ?? '<<') : String(item.key.value)) : keyTree ? text.slice(keyTree.start, keyTree.end) : '';
      const pair: PairNode = { key, keyText, value: convert(item.value, text, depthLeft - 1, aliases, anchored) };
      if (isScalar(item.key) && typeof item.key.value === 'symbol') pair.merge = true;
      pairs.push(pair);
    }
    return { kind: 'map', start, end, pairs };
  }
  if (isSeq(node)) {
    const [start, , end] = rangeOf(node as YamlNode);
    return { kind: 'seq', start, end, items: node.items.map((i) => convert(i, text, depthLeft - 1, aliases, anchored)).filter((i): i is TreeNode => i !== null) };
  }
  if (isScalar(node)) {
    const [start, end] = rangeOf(node);
    return { kind: 'scalar', start, end, value: node.value };
  }
  if (isAlias(node)) {
    const [start, end] = rangeOf(node as Alias);
    const target = aliases?.targets.get(node);
    return { kind: 'scalar', start, end, value: undefined, alias: { name: node.source, target: target && anchored?.get(target), resolved: !!aliases && !aliases.unresolved.has(node) } };
  }
  return null;
}

function rangeOf(node: YamlNode): [number, number, number] {
  const r = node.range;
  return r ? [r[0], r[1], r[2]] : [0, 0, 0];
}

/** Offsets where each line of `text` starts; built once per parsed unit, on demand. */
export class LineIndex {
  private starts: number[] | undefined;
  /**
   * `shifts`: for text read with invisible characters removed (see parseUnit), the columns of
   * each line where one was, so that positions are those of the text as written.
   */
  constructor(
    private readonly text: string,
    private readonly shifts?: Map<number, number[]>,
  ) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const s = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) s.push(i + 1);
      this.starts = s;
    }
    return this.starts;
  }

  /** 0-based line and UTF-16 character of an offset. */
  position(offset: number): { line: number; character: number } {
    const s = this.lineStarts();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    let character = offset - s[lo];
    const removed = this.shifts?.get(lo);
    if (removed) character += removed.filter((c) => c <= character).length;
    return { line: lo, character };
  }

  offset(line: number, character: number): number {
    const s = this.lineStarts();
    if (line >= s.length) return this.text.length;
    return Math.min(s[line] + character, this.text.length);
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }
}

/**
 * The pairs a map's `<<` merge keys bring in, in YAML's order of precedence: keys written in the
 * map win, then earlier sources over later ones, then a source's own keys over its merges. Each
 * pair keeps the value's node where the anchor wrote it; its key is `at(alias)`: the alias (or
 * inline mapping) that brought it in, which is where a reader looks for it.
 */
export function mergedPairs(map: MapNode): PairNode[] {
  const out: PairNode[] = [];
  const seen = new Set<string>();
  for (const p of map.pairs) if (!p.merge) seen.add(p.keyText);
  const visiting = new Set<TreeNode>();
  const from = (source: TreeNode | null, at: ScalarNode): void => {
    const node = source?.kind === 'scalar' && source.alias ? (source.alias.target ?? null) : source;
    if (!node || visiting.has(node)) return;
    visiting.add(node);
    if (node.kind === 'seq') for (const item of node.items) from(item, item.kind === 'scalar' ? item : at);
    if (node.kind === 'map') {
      for (const p of node.pairs) {
        if (p.merge || seen.has(p.keyText)) continue;
        seen.add(p.keyText);
        out.push({ key: at, keyText: p.keyText, value: p.value });
      }
      for (const p of node.pairs) if (p.merge) from(p.value, at);
    }
    visiting.delete(node);
  };
  for (const p of map.pairs) if (p.merge) from(p.value, p.value?.kind === 'scalar' ? p.value : p.key);
  return out;
}
