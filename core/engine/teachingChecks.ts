/**
 * Checks that teach ZenML Pro's guidance for projects (docs.zenml.io, "Projects" → best
 * practices: start with default roles before custom ones, document custom roles, use teams for
 * member management, keep ownership with more than one person, name projects consistently).
 * Each reads the index only — custom roles, which are few, and counters kept per role — so a
 * keystroke in a file of 50,000 members costs here what it costs in a file of 50.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DiagnosticCode } from '../../common/diagnosticCodes';
import { DEFAULT_ROLES, PROJECT_RESOURCE_TYPES, ROLE_ACTIONS, shadowedDefaultRole } from '../../common/roles';
import { CheckOptions, DEFAULT_CHECK_OPTIONS } from './checkOptions';
import { AnalysedSegment, ProjectIndex, Ref } from './projectIndex';
import { diagnostic } from './schemaCheck';
import { ScalarNode } from './yamlTree';

type NodeRange = (seg: AnalysedSegment, node: { start: number; end: number }) => Diagnostic['range'];

/**
 * What a custom role grants, as one comparable string: for every project resource type the
 * sorted actions, `type=a,b;…`; `''` when it grants nothing; undefined when `permissions` is not
 * a mapping (a schema error says so). Unknown types and actions are left out (errors of their own).
 */
export function grantKey(role: unknown): string | undefined {
  const permissions = role && typeof role === 'object' ? (role as Record<string, unknown>).permissions : undefined;
  if (permissions === undefined || permissions === null) return '';
  if (typeof permissions !== 'object' || Array.isArray(permissions)) return undefined;
  const parts: string[] = [];
  for (const type of PROJECT_RESOURCE_TYPES) {
    const actions = (permissions as Record<string, unknown>)[type];
    if (!Array.isArray(actions)) continue;
    const known = ROLE_ACTIONS.filter((a) => actions.includes(a));
    if (known.length) parts.push(`${type}=${known.join(',')}`);
  }
  return parts.join(';');
}

/** The grant key of a default role: its actions on every project resource type. */
function defaultGrantKey(actions: readonly string[]): string {
  return PROJECT_RESOURCE_TYPES.map((t) => `${t}=${ROLE_ACTIONS.filter((a) => actions.includes(a)).join(',')}`).join(';');
}

/**
 * Default roles a custom role can stand in for. Admin is left out: a custom role with every action
 * still cannot manage members, roles or settings, so admin would grant more than it did.
 */
const REPLACEABLE_DEFAULTS = DEFAULT_ROLES.filter((r) => !r.managesProject).map((r) => ({ role: r, key: defaultGrantKey(r.actions) }));

function describeRole(key: string): string {
  return key === '' ? 'nothing' : key.split(';').map((p) => p.replace('=', ': ').replace(/,/g, ', ')).join('; ');
}

/** The diagnostics of the teaching checks, in absolute positions. */
export function teachingDiagnostics(index: ProjectIndex, nodeRange: NodeRange, options: CheckOptions = DEFAULT_CHECK_OPTIONS): Diagnostic[] {
  const out: Diagnostic[] = [];
  customRoleChecks(index, nodeRange, out);

  // Teams over individual users.
  const threshold = options.teamThreshold;
  const members = index.top('members');
  if (threshold > 0 && members) {
    for (const [role, count] of index.usersByRole) {
      if (count < threshold) continue;
      out.push(
        diagnostic(
          nodeRange(members.seg, members.top.pair.key),
          DiagnosticSeverity.Hint,
          DiagnosticCode.useTeam,
          `${count} users hold the role '${role}' one by one. Put them in a team and give the team '${role}': one entry then covers everyone who joins or leaves (the threshold of ${threshold} is the check option teamThreshold: from the CLI's --team-threshold, .zenml-projects.yaml or the editor's setting zenmlProjects.checks.teamThreshold).`,
          { role, count, threshold },
        ),
      );
    }
  }

  // Ownership that survives one person leaving.
  if (index.roleRefs.count('admin') === 1) {
    const [ref] = index.roleRefs.refs('admin');
    const m = ref.entry.member!;
    if (m.subjectKind === 'user' && m.subjectNode) {
      out.push(
        diagnostic(nodeRange(ref.seg, m.subjectNode), DiagnosticSeverity.Hint, DiagnosticCode.singleAdmin, `${m.subject} is the project's only admin. Make a team admin as well, so that ownership survives one person leaving.`, {
          user: m.subject,
        }),
      );
    }
  }

  // Naming convention.
  for (const [key, pattern, what, setting] of [
    ['id', options.projectIdPattern, 'Project ID', 'projectIdPattern'],
    ['name', options.projectNamePattern, 'Project Name', 'projectNamePattern'],
  ] as const) {
    const def = index.top(key);
    const value = def?.top.value;
    if (!pattern || !def || typeof value !== 'string' || value === '' || !def.top.pair.value || pattern.test(value)) continue;
    out.push(
      diagnostic(nodeRange(def.seg, def.top.pair.value), DiagnosticSeverity.Warning, DiagnosticCode.namingConvention, `The ${what} '${value}' does not follow this workspace's naming convention /${pattern.source}/ (the check option ${setting}: from the CLI's flag, .zenml-projects.yaml or the editor's setting zenmlProjects.checks.${setting}).`, {
        key,
        value,
        pattern: pattern.source,
      }),
    );
  }
  return out;
}

function customRoleChecks(index: ProjectIndex, nodeRange: NodeRange, out: Diagnostic[]): void {
  // Custom roles defined once and named as custom roles (duplicates and shadows are errors already).
  const roles: { id: string; ref: Ref; idNode: ScalarNode; key: string | undefined }[] = [];
  for (const [id, refs] of index.roleDefs.entries()) {
    if (refs.length !== 1 || shadowedDefaultRole(id)) continue;
    const ref = refs[0];
    roles.push({ id, ref, idNode: ref.entry.role!.idNode!, key: grantKey(ref.entry.value) });
  }
  roles.sort((a, b) => a.ref.seg.start + a.ref.entry.node.start - (b.ref.seg.start + b.ref.entry.node.start));
  const firstWithKey = new Map<string, (typeof roles)[number]>();
  for (const r of roles) {
    const range = nodeRange(r.ref.seg, r.idNode);
    const holders = index.roleRefs.count(r.id);
    const value = r.ref.entry.value as Record<string, unknown> | undefined;
    const description = value && typeof value === 'object' ? value.description : undefined;
    if (description === undefined || description === null || (typeof description === 'string' && description.trim() === '')) {
      out.push(
        diagnostic(range, DiagnosticSeverity.Information, DiagnosticCode.roleWithoutDescription, `The custom role '${r.id}' has no description. Say what it is for and who should hold it: a custom role outlives the people who made it.`, {
          role: r.id,
          hasKey: description !== undefined,
        }),
      );
    }
    if (r.key === undefined) continue;
    if (r.key === '') {
      out.push(
        diagnostic(range, DiagnosticSeverity.Warning, DiagnosticCode.redundantRole, `The custom role '${r.id}' grants nothing: it has no permissions. Give it the actions its members need, or remove it.`, {
          role: r.id,
          reason: 'grants-nothing',
          holders,
        }),
      );
      continue;
    }
    const same = REPLACEABLE_DEFAULTS.find((d) => d.key === r.key);
    if (same) {
      out.push(
        diagnostic(
          range,
          DiagnosticSeverity.Hint,
          DiagnosticCode.roleEqualsDefault,
          `The custom role '${r.id}' grants exactly what the default role '${same.role.id}' (${same.role.zenmlName}) grants: ${same.role.actions.join(', ')} on every resource type. Use '${same.role.id}': ZenML documents and maintains it, and nobody has to keep a copy in step.`,
          { role: r.id, defaultRole: same.role.id, holders },
        ),
      );
      continue;
    }
    const earlier = firstWithKey.get(r.key);
    if (earlier) {
      out.push(
        diagnostic(
          range,
          DiagnosticSeverity.Warning,
          DiagnosticCode.redundantRole,
          `The custom role '${r.id}' grants exactly what '${earlier.id}' grants (${describeRole(r.key)}). Keep one role: give '${r.id}''s members '${earlier.id}'.`,
          { role: r.id, reason: 'same-as', sameAs: earlier.id, holders },
        ),
      );
      continue;
    }
    firstWithKey.set(r.key, r);
  }
}
