/**
 * The checks JSON Schema cannot express, and the root-level schema check, computed from the
 * index: unknown and duplicate roles, duplicate members, a custom role shadowing a default one,
 * nobody holding admin, a missing description, duplicate top-level keys.
 */
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Range } from 'vscode-languageserver-types';
import { DiagnosticCode } from '../../common/diagnosticCodes';
import { DEFAULT_ROLE_IDS, shadowedDefaultRole } from '../../common/roles';
import { nearest } from './nearest';
import { AnalysedSegment, ProjectIndex, Ref } from './projectIndex';
import { CheckOptions } from './checkOptions';
import { checkShell, diagnostic, Located, locate, rangeOf, unresolvedKey } from './schemaCheck';
import { applySuppressions, SuppressionComment } from './suppressions';
import { teachingDiagnostics } from './teachingChecks';
import { ScalarNode } from './yamlTree';

/** A range relative to a segment, made absolute. */
export function absolute(seg: AnalysedSegment, r: Range): Range {
  return {
    start: { line: r.start.line + seg.startLine, character: r.start.character },
    end: { line: r.end.line + seg.startLine, character: r.end.character },
  };
}

/** The absolute range of a node of a segment. */
export function nodeRange(seg: AnalysedSegment, node: { start: number; end: number }): Range {
  return absolute(seg, rangeOf(seg.analysis.unit.lines, node.start, node.end));
}

function order(refs: Iterable<Ref>): Ref[] {
  const offset = (r: Ref) => r.seg.start + r.entry.node.start;
  return [...refs].sort((a, b) => offset(a) - offset(b));
}

function related(uri: string | undefined, seg: AnalysedSegment, node: ScalarNode, message: string): DiagnosticRelatedInformation[] | undefined {
  return uri ? [{ location: { uri, range: nodeRange(seg, node) }, message }] : undefined;
}

/**
 * Every diagnostic of the file, in absolute positions, from an up-to-date index; the teaching
 * checks follow `options`, and the file's suppression comments are applied last.
 */
export function projectDiagnostics(index: ProjectIndex, uri?: string, options?: CheckOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const seg of index.withLocal) for (const d of seg.analysis.local) out.push({ ...d, range: absolute(seg, d.range) });

  // Duplicate top-level keys (YAML keeps one; the file's author meant something else).
  for (const [key, defs] of index.keys) {
    for (const def of defs.slice(1)) {
      const d = diagnostic(nodeRange(def.seg, def.top.pair.key), DiagnosticSeverity.Error, DiagnosticCode.yamlSyntax, `The key '${key}' appears twice in the same mapping; YAML keeps only one. Remove or rename one of them.`, { key });
      d.relatedInformation = related(uri, defs[0].seg, defs[0].top.pair.key, `'${key}' is first defined here`);
      out.push(d);
    }
  }

  // The root, with each list standing in as a placeholder (its entries were checked one by one).
  const shell: Record<string, unknown> = {};
  for (const [key, defs] of index.keys) {
    const items = index.itemCounts.get(key) ?? 0;
    shell[key] = items > 0 && (defs[0].top.value === null || defs[0].top.value === undefined) ? new Array(items) : defs[0].top.value;
  }
  const firstSeg = firstDefinition(index);
  out.push(
    ...checkShell(shell, (path): Located => {
      const def = path.length ? index.top(path[0]) : undefined;
      if (!def) {
        if (!firstSeg) return { lines: emptyLines, node: null };
        return { lines: firstSeg.seg.analysis.unit.lines, node: firstSeg.top.pair.key, lineBase: firstSeg.seg.startLine };
      }
      const at = locate(def.top.pair.value, path.slice(1), def.seg.analysis.unit.lines);
      return { ...at, key: path.length === 1 ? def.top.pair.key : at.key, lineBase: def.seg.startLine };
    }, (path, key) => {
      if (path.length === 0) return unresolvedAtRoot(index, key);
      const def = index.top(path[0]);
      const at = def && locate(def.top.pair.value, path.slice(1), def.seg.analysis.unit.lines).node;
      return at?.kind === 'map' && unresolvedKey(at, key);
    }),
  );

  // Custom roles: duplicates, shadowing a default role, unused.
  const customRoles = new Set<string>();
  for (const [id, defs] of index.roleDefs.entries()) {
    const sorted = order(defs);
    const shadow = shadowedDefaultRole(id);
    if (shadow) {
      for (const ref of sorted) {
        out.push(
          diagnostic(nodeRange(ref.seg, ref.entry.role!.idNode!), DiagnosticSeverity.Error, DiagnosticCode.roleShadowsDefault, `'${id}' names the default role ${shadow.zenmlName} ('${shadow.id}'); a custom role needs a name of its own, e.g. '${id}-custom'.`, {
            role: id,
            defaultRole: shadow.id,
          }),
        );
      }
      continue;
    }
    customRoles.add(id);
    for (const ref of sorted.slice(1)) {
      const d = diagnostic(nodeRange(ref.seg, ref.entry.role!.idNode!), DiagnosticSeverity.Error, DiagnosticCode.duplicateRole, `The custom role '${id}' is defined twice. Keep one definition.`, { role: id });
      d.relatedInformation = related(uri, sorted[0].seg, sorted[0].entry.role!.idNode!, `'${id}' is first defined here`);
      out.push(d);
    }
    if (!index.roleRefs.has(id)) {
      const d = diagnostic(nodeRange(sorted[0].seg, sorted[0].entry.role!.idNode!), DiagnosticSeverity.Hint, DiagnosticCode.unusedRole, `No member holds the custom role '${id}'.`, { role: id });
      d.tags = [DiagnosticTag.Unnecessary];
      out.push(d);
    }
  }

  // Members' roles must exist.
  const known = [...DEFAULT_ROLE_IDS, ...customRoles];
  for (const [role, refs] of index.roleRefs.entries()) {
    if ((DEFAULT_ROLE_IDS as readonly string[]).includes(role) || customRoles.has(role)) continue;
    const suggestions = nearest(role, known);
    const hint = suggestions.length ? ` Did you mean '${suggestions[0]}'?` : '';
    for (const ref of refs) {
      out.push(
        diagnostic(
          nodeRange(ref.seg, ref.entry.member!.roleNode!),
          DiagnosticSeverity.Error,
          DiagnosticCode.unknownRole,
          `'${role}' is not a role of this project.${hint} Use admin, developer, contributor or viewer, or define a custom role '${role}' under 'roles'.`,
          { role, suggestions },
        ),
      );
    }
  }

  // The same user or team twice.
  for (const key of index.duplicateSubjects) {
    const sorted = order(index.subjects.refs(key));
    const first = sorted[0];
    const f = first.entry.member!;
    for (const ref of sorted.slice(1)) {
      const m = ref.entry.member!;
      const line = nodeRange(first.seg, f.subjectNode!).start.line + 1;
      const d = diagnostic(
        nodeRange(ref.seg, m.subjectNode!),
        DiagnosticSeverity.Error,
        DiagnosticCode.duplicateMember,
        `The ${m.subjectKind} '${m.subject}' is already a member (line ${line}${f.role ? `, as ${f.role}` : ''}). List each ${m.subjectKind} once, with one role.`,
        { subjectKind: m.subjectKind, subject: m.subject, firstLine: line - 1 },
      );
      d.relatedInformation = related(uri, first.seg, f.subjectNode!, `'${f.subject}' is first listed here`);
      out.push(d);
    }
  }

  // Ownership and documentation.
  const members = index.top('members');
  const id = index.top('id');
  const anchor = members ?? id ?? firstSeg;
  if (anchor && !index.roleRefs.has('admin') && !(!members && unresolvedAtRoot(index, 'members'))) {
    out.push(
      diagnostic(nodeRange(anchor.seg, anchor.top.pair.key), DiagnosticSeverity.Warning, DiagnosticCode.noAdmin, 'No member has the admin role, so nobody owns this project: nobody can manage its members and settings. Give at least one user or team `role: admin`.', {
        hasMembers: !!members,
      }),
    );
  }
  const description = index.top('description');
  const descAnchor = id ?? firstSeg;
  // An empty `description:` (null) is already an error of its type; one diagnostic is enough.
  if (descAnchor && (!description || description.top.value === '') && !(!description && unresolvedAtRoot(index, 'description'))) {
    out.push(
      diagnostic(nodeRange(descAnchor.seg, descAnchor.top.pair.key), DiagnosticSeverity.Information, DiagnosticCode.missingDescription, "The project has no description. Add `description:` to document the project's purpose and owner.", {
        hasKey: !!description,
      }),
    );
  }
  out.push(...teachingDiagnostics(index, nodeRange, options));
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return index.withSuppressions.size ? applySuppressions(out, suppressionComments(index)) : out;
}

/** The file's suppression comments, with absolute lines. */
export function suppressionComments(index: ProjectIndex): SuppressionComment[] {
  const out: SuppressionComment[] = [];
  for (const seg of index.withSuppressions) for (const c of seg.analysis.suppressions ?? []) out.push({ ...c, line: c.line + seg.startLine });
  return out.sort((a, b) => a.line - b.line);
}

/** Whether a top-level key may be missing only because an alias resolves to nothing. */
function unresolvedAtRoot(index: ProjectIndex, key: string): boolean {
  for (const defs of index.keys.values()) {
    const tree = defs[0].seg.analysis.unit.tree;
    if (tree?.kind === 'map' && unresolvedKey(tree, key)) return true;
  }
  return false;
}

const emptyLines = { position: () => ({ line: 0, character: 0 }), offset: () => 0, lineCount: 1 } as unknown as Located['lines'];

function firstDefinition(index: ProjectIndex) {
  let best: ReturnType<ProjectIndex['top']>;
  for (const defs of index.keys.values()) {
    const d = defs[0];
    if (!best || d.seg.start + d.top.pair.key.start < best.seg.start + best.top.pair.key.start) best = d;
  }
  return best;
}

