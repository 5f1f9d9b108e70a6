/**
 * The workspace's state of a project, written as a project file. Importing into an existing file
 * updates it in place: comments, key order and entries that did not change stay as they were.
 */
import { isMap, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { effectiveRole, fileRoleName, permissionsFromPro, ProjectSpec, RoleSpec } from './projectSpec';
import { findSubject, WorkspaceState } from './workspaceState';

export function specFromState(state: WorkspaceState, projectId: string): ProjectSpec {
  const project = state.project;
  if (!project) throw new Error(`Project '${projectId}' does not exist in the workspace at ${state.url}.`);
  const roles: RoleSpec[] = [];
  for (const r of state.roles) {
    const id = fileRoleName(projectId, r.name);
    if (id !== undefined && !r.system_managed) roles.push({ id, description: r.description ?? '', permissions: permissionsFromPro(r.permissions) });
  }
  // One entry per user or team: several roles held at once become the one they amount to.
  const held = new Map<string, { kind: 'user' | 'team'; name: string; roles: string[] }>();
  for (const a of state.assignments) {
    // Roles the file cannot name (workspace-wide custom roles) stay out of it; see foreignAssignments.
    const role = fileRoleName(projectId, a.role.name);
    if (role === undefined) continue;
    const key = `${a.subject.kind}:${a.subject.id}`;
    const entry = held.get(key) ?? { kind: a.subject.kind, name: a.subject.display, roles: [] };
    entry.roles.push(role);
    held.set(key, entry);
  }
  const members = [...held.values()]
    .map((h) => ({ kind: h.kind, name: h.name, role: effectiveRole(h.roles) }))
    .sort((a, b) => (a.role === 'admin' ? 0 : 1) - (b.role === 'admin' ? 0 : 1) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  return {
    id: project.name ?? projectId,
    name: project.body?.display_name || undefined,
    description: typeof project.metadata?.description === 'string' && project.metadata.description ? project.metadata.description : undefined,
    roles: roles.sort((a, b) => a.id.localeCompare(b.id)),
    members,
  };
}

function roleValue(r: RoleSpec): Record<string, unknown> {
  return { id: r.id, ...(r.description ? { description: r.description } : {}), permissions: r.permissions };
}

/** Sets `key` of a mapping only when the value differs, so that untouched scalars keep their style and comments. */
function setIfChanged(map: YAMLMap, key: string, value: unknown, doc: ReturnType<typeof parseDocument>): void {
  const current = map.get(key, true);
  if (isScalar(current) && current.value === value) return;
  if (value === undefined) {
    map.delete(key);
    return;
  }
  if (isScalar(current)) current.value = value;
  else map.set(key, doc.createNode(value));
}

/**
 * How a member is recognised: by default its kind and lower-cased name; with the workspace at
 * hand, the user or team it resolves to, so that `user: ada` in a file and the workspace's
 * `ada@example.com` are one entry (which keeps the file's spelling and comments).
 */
export type MemberIdentity = (kind: 'user' | 'team', name: string) => string;

export const byName: MemberIdentity = (kind, name) => `${kind}:${name.toLowerCase()}`;

export function byWorkspaceSubject(state: WorkspaceState): MemberIdentity {
  return (kind, name) => {
    const s = findSubject(state, kind, name);
    return s ? `${kind}#${s.id}` : byName(kind, name);
  };
}

/** Renders the spec as a project file; with `existing`, updates that text in place. */
export function renderProjectFile(spec: ProjectSpec, existing?: string, identity: MemberIdentity = byName): string {
  const doc = parseDocument(existing && existing.trim() ? existing : '');
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as never;
  const root = doc.contents as unknown as YAMLMap;
  setIfChanged(root, 'id', spec.id, doc);
  setIfChanged(root, 'name', spec.name, doc);
  setIfChanged(root, 'description', spec.description, doc);
  if (spec.workspace !== undefined) setIfChanged(root, 'workspace', spec.workspace, doc);

  updateList(
    doc,
    root,
    'roles',
    spec.roles,
    (item) => (isMap(item) ? String(item.get('id')) : undefined),
    (r) => r.id,
    (item, r) => {
      setIfChanged(item, 'description', r.description || undefined, doc);
      const perms = item.get('permissions');
      const current = isMap(perms) ? (perms.toJSON() as Record<string, string[]>) : {};
      if (JSON.stringify(current) !== JSON.stringify(r.permissions)) item.set('permissions', doc.createNode(r.permissions, { flow: false }));
      for (const p of (item.get('permissions') as YAMLMap).items) if (isSeq(p.value)) (p.value as YAMLSeq).flow = true;
    },
    (r) => {
      const node = doc.createNode(roleValue(r)) as YAMLMap;
      for (const p of (node.get('permissions') as YAMLMap).items) if (isSeq(p.value)) (p.value as YAMLSeq).flow = true;
      return node;
    },
  );
  updateList(
    doc,
    root,
    'members',
    spec.members,
    (item) => (isMap(item) ? identity(item.has('team') ? 'team' : 'user', String(item.get('team') ?? item.get('user'))) : undefined),
    (m) => identity(m.kind, m.name),
    (item, m) => setIfChanged(item, 'role', m.role, doc),
    (m) => doc.createNode({ [m.kind]: m.name, role: m.role }) as YAMLMap,
  );
  return String(doc);
}

/** Keeps matching entries (and their comments), updates them, drops the others, appends the new. */
function updateList<T>(
  doc: ReturnType<typeof parseDocument>,
  root: YAMLMap,
  key: string,
  wanted: T[],
  keyOfItem: (item: unknown) => string | undefined,
  keyOfWanted: (w: T) => string,
  update: (item: YAMLMap, w: T) => void,
  create: (w: T) => YAMLMap,
): void {
  const existing = root.get(key, true);
  if (!wanted.length) {
    if (existing !== undefined) root.delete(key);
    return;
  }
  const seq = isSeq(existing) ? existing : (doc.createNode([]) as YAMLSeq);
  if (!isSeq(existing)) root.set(key, seq);
  const want = new Map(wanted.map((w) => [keyOfWanted(w), w]));
  seq.items = seq.items.filter((item) => {
    const k = keyOfItem(item);
    const w = k === undefined ? undefined : want.get(k);
    if (!w) return false;
    update(item as YAMLMap, w);
    want.delete(k!);
    return true;
  });
  for (const w of want.values()) seq.items.push(create(w));
}
