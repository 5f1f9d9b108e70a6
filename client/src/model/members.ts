/**
 * A project's members as people read them: each user or team once, with the roles it holds
 * there, built from ZenML Pro's role assignments (one list per role).
 */
import type { ProRole, ProRoleAssignment } from '../../../common/api/types';

export interface Member {
  kind: 'user' | 'team';
  id: string;
  /** The user's username or the team's name: what commands accept to name it. */
  name: string;
  /** The user's full name, when it says more than the username. */
  fullName?: string;
  roles: ProRole[];
}

export function membersFromAssignments(perRole: readonly { role: ProRole; assignments: readonly ProRoleAssignment[] }[]): Member[] {
  const byKey = new Map<string, Member>();
  for (const { role, assignments } of perRole) {
    for (const a of assignments) {
      const subject = a.user ? { kind: 'user' as const, s: a.user } : a.team ? { kind: 'team' as const, s: a.team } : undefined;
      if (!subject) continue;
      const key = `${subject.kind}:${subject.s.id}`;
      let m = byKey.get(key);
      if (!m) {
        const s = subject.s as { id: string; name?: string; username?: string };
        const name = subject.kind === 'user' ? (s.username ?? s.name ?? s.id) : (s.name ?? s.id);
        const fullName = subject.kind === 'user' && s.name && s.name !== name ? s.name : undefined;
        m = { kind: subject.kind, id: s.id, name, fullName, roles: [] };
        byKey.set(key, m);
      }
      if (!m.roles.some((r) => r.id === role.id)) m.roles.push(role);
    }
  }
  // Users before teams, each by name: the order a person scans a list in.
  return [...byKey.values()].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'user' ? -1 : 1));
}
