/**
 * What a project file says, gathered piece by piece: each segment's parse and local diagnostics,
 * and the indexes the cross-entry checks need (members by subject and by role, custom roles by
 * ID). Segments are added and removed as edits replace them, so an edit costs in proportion to
 * what it changed.
 */
import { Diagnostic } from 'vscode-languageserver-types';
import { checkEntry, CollectionKey, isCollectionKey } from './schemaCheck';
import { ParsedUnit } from './parseUnit';
import { RefIndex } from './refIndex';
import { Segment, SegmentKind } from './segmenter';
import { findSuppressions, SuppressionComment } from './suppressions';
import { mergedPairs, pairOf, PairNode, ScalarNode, TreeNode } from './yamlTree';

export interface MemberFacts {
  subjectKind?: 'user' | 'team';
  subject?: string;
  subjectNode?: ScalarNode;
  role?: string;
  roleNode?: ScalarNode;
}

export interface RoleFacts {
  id?: string;
  idNode?: ScalarNode;
}

export interface Entry {
  collection: CollectionKey;
  node: TreeNode;
  value: unknown;
  member?: MemberFacts;
  role?: RoleFacts;
}

export interface TopPair {
  pair: PairNode;
  value: unknown;
}

export interface SegmentAnalysis {
  unit: ParsedUnit;
  pairs: TopPair[];
  entries: Entry[];
  /** Diagnostics found in this segment alone, relative to its first line. */
  local: Diagnostic[];
  needsWhole: boolean;
  /** Holds content (not only comments or blank lines). */
  hasContent: boolean;
  /** The segment's entries as index references, once the segment is indexed. */
  refs?: Ref[];
  /** Suppression comments in this segment, lines relative to its first line. */
  suppressions?: SuppressionComment[];
}

/** Shared by the many segments that have none (a file of 50,000 members has 50,000 segments). */
const NONE: never[] = Object.freeze([]) as unknown as never[];

export type AnalysedSegment = Segment<SegmentAnalysis> & { analysis: SegmentAnalysis };

export interface Ref {
  seg: AnalysedSegment;
  entry: Entry;
}

export function analyseUnit(unit: ParsedUnit, kind: SegmentKind | 'whole', key: string | null): SegmentAnalysis {
  const a: SegmentAnalysis = {
    unit,
    pairs: NONE,
    entries: NONE,
    local: unit.problems.length ? [...unit.problems] : NONE,
    needsWhole: unit.needsWholeDocument,
    hasContent: !!unit.tree || unit.problems.length > 0,
    refs: undefined,
    suppressions: findSuppressions(unit.text),
  };
  const tree = unit.tree;
  const value = unit.value as Record<string, unknown> | unknown[] | undefined;
  if (kind === 'prelude') {
    if (tree) a.needsWhole = true;
  } else if (kind === 'key' || kind === 'whole') {
    if (tree && tree.kind !== 'map') a.needsWhole = kind === 'key';
    // A merge at the top level brings in keys written elsewhere: read with the whole file.
    if (kind === 'key' && tree?.kind === 'map' && tree.pairs.some((p) => p.merge)) a.needsWhole = true;
    if (tree?.kind === 'map') {
      const obj = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
      // Merge keys work at the top level as everywhere: the keys they bring in are the file's.
      const pairs = tree.pairs.some((p) => p.merge) ? [...tree.pairs.filter((p) => !p.merge), ...mergedPairs(tree)] : tree.pairs;
      for (const pair of pairs) {
        const v = obj[pair.keyText];
        if (a.pairs === NONE) a.pairs = [];
        a.pairs.push({ pair, value: v });
        if (isCollectionKey(pair.keyText) && pair.value?.kind === 'seq' && Array.isArray(v)) addEntries(a, pair.keyText, pair.value.items, v);
      }
    }
  } else if (kind === 'item') {
    if (tree && tree.kind !== 'seq') a.needsWhole = true;
    if (tree?.kind === 'seq' && isCollectionKey(key) && Array.isArray(value)) addEntries(a, key, tree.items, value);
    // Checked and indexed: a list entry's values and its wrapping list are not needed again (a
    // role's values are, for hover; the entries keep their own nodes).
    unit.value = undefined;
    unit.tree = null;
    for (const e of a.entries) if (e.collection === 'members') e.value = undefined;
  }
  return a;
}

function addEntries(a: SegmentAnalysis, collection: CollectionKey, nodes: TreeNode[], values: unknown[]): void {
  // Exactly sized (see fastParse): most segments hold one entry.
  const entries: Entry[] = a.entries === NONE ? new Array(nodes.length) : a.entries.concat(new Array(nodes.length));
  const base = entries.length - nodes.length;
  a.entries = entries;
  nodes.forEach((node, i) => {
    const value = values[i];
    const isMap = node.kind === 'map';
    const entry: Entry = {
      collection,
      node,
      value,
      member: isMap && collection === 'members' ? memberFacts(node, value) : undefined,
      role: isMap && collection === 'roles' ? roleFacts(node, value) : undefined,
    };
    entries[base + i] = entry;
    const problems = value === undefined ? NONE : checkEntry(collection, value, node, a.unit.lines);
    if (problems.length) a.local = [...a.local, ...problems];
  });
}

/**
 * The string at `key` of an entry, with the node to point at: the value itself, or — for a value
 * brought in by a `<<` merge key — the merge key's alias.
 */
function stringAt(map: TreeNode, key: string, value: unknown): ScalarNode | undefined {
  if (map.kind !== 'map') return undefined;
  const v = pairOf(map, key)?.value;
  if (v) return v.kind === 'scalar' && typeof v.value === 'string' && v.value !== '' ? v : undefined;
  const merged = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  const merge = pairOf(map, '<<');
  if (typeof merged !== 'string' || merged === '' || !merge) return undefined;
  const at = merge.value ?? merge.key;
  return { kind: 'scalar', start: at.start, end: at.end, value: merged };
}

function memberFacts(node: TreeNode, value: unknown): MemberFacts {
  const user = stringAt(node, 'user', value);
  const team = stringAt(node, 'team', value);
  // A member naming both is reported by the schema check; index it by neither.
  const subjectNode = user && !team ? user : team && !user ? team : undefined;
  const role = stringAt(node, 'role', value);
  // One object literal with every field: a file of 50,000 members holds 50,000 of these, and
  // fields added one by one would give each its own property store.
  return {
    subjectKind: subjectNode ? (subjectNode === user ? 'user' : 'team') : undefined,
    subject: subjectNode?.value as string | undefined,
    subjectNode,
    role: role?.value as string | undefined,
    roleNode: role,
  };
}

function roleFacts(node: TreeNode, value: unknown): RoleFacts {
  const id = stringAt(node, 'id', value);
  return id ? { id: id.value as string, idNode: id } : {};
}

export function subjectKey(kind: 'user' | 'team', subject: string): string {
  return `${kind}:${subject.toLowerCase()}`;
}

export class ProjectIndex {
  /** Top-level keys → the segments that define them (more than one is a duplicate key). */
  readonly keys = new Map<string, { seg: AnalysedSegment; top: TopPair }[]>();
  /** Top-level key → number of list entries in segments of their own. */
  readonly itemCounts = new Map<string, number>();
  readonly subjects = new RefIndex<Ref>();
  readonly duplicateSubjects = new Set<string>();
  readonly roleRefs = new RefIndex<Ref>();
  readonly roleDefs = new RefIndex<Ref>();
  readonly withLocal = new Set<AnalysedSegment>();
  /** Anchor name → the segments that define it (see ProjectDocument's anchor lookup). */
  readonly anchors = new Map<string, AnalysedSegment[]>();
  /** Segments with aliases to anchors of other segments: analysed again when those change. */
  readonly aliasUsers = new Set<AnalysedSegment>();
  /** Values written and values after expansion, summed over the segments with aliases. */
  aliasWritten = 0;
  aliasExpanded = 0;
  /** Segments that hold suppression comments. */
  readonly withSuppressions = new Set<AnalysedSegment>();
  /** Role → how many members hold it as individual users (kept as entries come and go). */
  readonly usersByRole = new Map<string, number>();
  needsWhole = 0;
  unsafe = 0;
  binary = 0;
  /** Segments holding content (not only comments). */
  content = 0;

  add(seg: AnalysedSegment): void {
    const a = seg.analysis;
    if (a.needsWhole) this.needsWhole++;
    if (seg.unsafe) this.unsafe++;
    if (a.unit.binary) this.binary++;
    if (a.hasContent) this.content++;
    if (a.local.length) this.withLocal.add(seg);
    const aliases = a.unit.aliases;
    if (aliases) {
      for (const name of aliases.anchors.keys()) {
        const defs = this.anchors.get(name);
        if (defs) defs.push(seg);
        else this.anchors.set(name, [seg]);
      }
      if (aliases.outside.size) this.aliasUsers.add(seg);
      this.aliasWritten += aliases.written;
      this.aliasExpanded += aliases.expanded;
    }
    if (a.suppressions) this.withSuppressions.add(seg);
    for (const top of a.pairs) {
      let list = this.keys.get(top.pair.keyText);
      if (!list) this.keys.set(top.pair.keyText, (list = []));
      list.push({ seg, top });
    }
    if (seg.kind === 'item' && seg.key !== null) this.itemCounts.set(seg.key, (this.itemCounts.get(seg.key) ?? 0) + 1);
    const refs = a.entries.length ? a.entries.map((entry) => ({ seg, entry })) : NONE;
    a.refs = refs;
    for (const ref of refs) {
      const m = ref.entry.member;
      if (m?.subject && m.subjectKind) {
        const k = subjectKey(m.subjectKind, m.subject);
        this.subjects.add(k, ref);
        if (this.subjects.count(k) > 1) this.duplicateSubjects.add(k);
      }
      if (m?.role) {
        this.roleRefs.add(m.role, ref);
        if (m.subjectKind === 'user') this.usersByRole.set(m.role, (this.usersByRole.get(m.role) ?? 0) + 1);
      }
      const r = ref.entry.role;
      if (r?.id) this.roleDefs.add(r.id, ref);
    }
  }

  remove(seg: AnalysedSegment): void {
    const a = seg.analysis;
    if (a.needsWhole) this.needsWhole--;
    if (seg.unsafe) this.unsafe--;
    if (a.unit.binary) this.binary--;
    if (a.hasContent) this.content--;
    this.withLocal.delete(seg);
    const aliases = a.unit.aliases;
    if (aliases) {
      for (const name of aliases.anchors.keys()) {
        const rest = (this.anchors.get(name) ?? []).filter((x) => x !== seg);
        if (rest.length) this.anchors.set(name, rest);
        else this.anchors.delete(name);
      }
      this.aliasUsers.delete(seg);
      this.aliasWritten -= aliases.written;
      this.aliasExpanded -= aliases.expanded;
    }
    this.withSuppressions.delete(seg);
    for (const top of a.pairs) {
      const list = this.keys.get(top.pair.keyText);
      if (!list) continue;
      const rest = list.filter((x) => x.seg !== seg);
      if (rest.length) this.keys.set(top.pair.keyText, rest);
      else this.keys.delete(top.pair.keyText);
    }
    if (seg.kind === 'item' && seg.key !== null) {
      const n = (this.itemCounts.get(seg.key) ?? 1) - 1;
      if (n > 0) this.itemCounts.set(seg.key, n);
      else this.itemCounts.delete(seg.key);
    }
    for (const ref of a.refs ?? NONE) {
      const m = ref.entry.member;
      if (m?.subject && m.subjectKind) {
        const k = subjectKey(m.subjectKind, m.subject);
        this.subjects.remove(k, ref);
        if (this.subjects.count(k) < 2) this.duplicateSubjects.delete(k);
      }
      if (m?.role) {
        this.roleRefs.remove(m.role, ref);
        if (m.subjectKind === 'user') {
          const n = (this.usersByRole.get(m.role) ?? 1) - 1;
          if (n > 0) this.usersByRole.set(m.role, n);
          else this.usersByRole.delete(m.role);
        }
      }
      const r = ref.entry.role;
      if (r?.id) this.roleDefs.remove(r.id, ref);
    }
    a.refs = undefined;
  }

  /** The first definition of a top-level key. */
  top(key: string): { seg: AnalysedSegment; top: TopPair } | undefined {
    return this.keys.get(key)?.[0];
  }
}
