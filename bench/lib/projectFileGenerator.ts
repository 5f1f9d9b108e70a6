/**
 * Generates large project.yaml files for benchmarks: a header, a few custom roles with
 * permissions, and N members, a known share of them invalid. The output is deterministic, so
 * two runs (and two servers) see byte-identical files, and it records where every member
 * starts so that a benchmark can edit or query a precise place.
 */
import { DEFAULT_ROLE_IDS } from '../../common/roles';

export type InvalidKind =
  /** `role:` names neither a default nor a custom role (only our checks can see it). */
  | 'unknown-role'
  /** The same user as an earlier member (only our checks can see it). */
  | 'duplicate-user'
  /** Both `user` and `team`: breaks the schema's "exactly one", so any schema validator sees it. */
  | 'user-and-team';

export const INVALID_KINDS: readonly InvalidKind[] = ['unknown-role', 'duplicate-user', 'user-and-team'];

export interface InvalidMember {
  /** 0-based index in `members`. */
  index: number;
  kind: InvalidKind;
  /** 0-based first and last line of the member's entry. */
  startLine: number;
  endLine: number;
}

export interface GeneratedProject {
  text: string;
  members: number;
  /** 0-based line of each member's `- ` entry, by member index. */
  memberLines: Uint32Array;
  /** Whether member i is a valid user entry (`- user:` then `role:`), a safe place to edit. */
  isValidUser: (index: number) => boolean;
  invalid: InvalidMember[];
  customRoleIds: string[];
  /** Members take their role from a shared anchor (`- <<: *viewer`), so no member has a `role:` line. */
  merged: boolean;
}

export interface GenerateOptions {
  members: number;
  /** One member in `invalidEvery` is invalid (100 = 1%); the kinds take turns. */
  invalidEvery?: number;
  /** Each role is an anchor at the top (`x-viewer: &viewer {role: viewer}`) that members merge
   * (`- <<: *viewer`) instead of writing `role:` — shared defaults, as people write them. */
  merged?: boolean;
}

const CUSTOM_ROLES = [
  {
    id: 'data-reviewer',
    description: 'Reviews datasets before training',
    permissions: { artifact: ['read', 'share'], artifact_version: ['read'], model: ['read', 'update'] },
  },
  {
    id: 'release-manager',
    description: 'Promotes model versions to production',
    permissions: { model: ['read', 'update'], model_version: ['read', 'update', 'share'], pipeline_run: ['read'] },
  },
  {
    id: 'pipeline-operator',
    description: 'Runs and schedules pipelines, cannot change them',
    permissions: { pipeline: ['read'], pipeline_run: ['create', 'read'], run_template: ['read', 'create'], trigger: ['read', 'update'] },
  },
];

const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yara'];
const LAST = ['smith', 'jones', 'garcia', 'miller', 'davis', 'lopez', 'wilson', 'anderson', 'thomas', 'moore', 'martin', 'lee', 'perez', 'white', 'harris', 'clark', 'lewis', 'young', 'walker', 'hall', 'allen', 'king', 'wright', 'scott'];
const TEAMS = ['ml-platform', 'data-eng', 'research', 'mlops', 'analytics', 'fraud-ops', 'risk', 'security'];
const UNKNOWN_ROLES = ['owner', 'maintainer', 'superuser', 'operator', 'auditor'];

/** Every tenth member is a team, the rest users. */
function memberIsUser(index: number): boolean {
  return index % 10 !== 7;
}

function userName(index: number): string {
  return `${FIRST[index % FIRST.length]}.${LAST[Math.floor(index / FIRST.length) % LAST.length]}${index}@acme.com`;
}

function teamName(index: number): string {
  return `${TEAMS[index % TEAMS.length]}-${index}`;
}

/** Valid roles in proportions a real project might have: mostly developers and viewers. */
function roleFor(index: number, customRoleIds: readonly string[]): string {
  const r = index % 20;
  if (r === 0) return 'admin';
  if (r < 9) return 'developer';
  if (r < 12) return 'contributor';
  if (r < 17) return 'viewer';
  return customRoleIds[r % customRoleIds.length];
}

export function generateProjectFile(options: GenerateOptions): GeneratedProject {
  const { members } = options;
  const invalidEvery = options.invalidEvery ?? 100;
  const lines: string[] = [
    '# Generated for benchmarks: a large ZenML project with a few invalid members.',
    `id: bench-${members}`,
    `name: Benchmark project with ${members} members`,
    'description: A generated project used to measure language-server speed',
    'workspace: acme-prod',
    'roles:',
  ];
  for (const role of CUSTOM_ROLES) {
    lines.push(`  - id: ${role.id}`, `    description: ${role.description}`, '    permissions:');
    for (const [resource, actions] of Object.entries(role.permissions)) lines.push(`      ${resource}: [${actions.join(', ')}]`);
  }
  const customRoleIds = CUSTOM_ROLES.map((r) => r.id);
  const merged = !!options.merged;
  if (merged) for (const role of [...DEFAULT_ROLE_IDS, ...customRoleIds]) lines.push(`x-${role}: &${role}`, `  role: ${role}`);
  lines.push('members:');
  /** A member's first line and its role line: merged from the role's anchor, or written. */
  const member = (subject: string, role: string): string[] => (merged ? [`  - <<: *${role}`, `    ${subject}`] : [`  - ${subject}`, `    role: ${role}`]);
  const memberLines = new Uint32Array(members);
  const invalid: InvalidMember[] = [];
  // The invalid members sit in the middle of each block of `invalidEvery`, never at index 0,
  // so that a duplicate always has an earlier user to copy.
  const invalidOffset = Math.floor(invalidEvery / 2);
  for (let i = 0; i < members; i++) {
    memberLines[i] = lines.length;
    const isInvalid = i % invalidEvery === invalidOffset;
    const kind = isInvalid ? INVALID_KINDS[Math.floor(i / invalidEvery) % INVALID_KINDS.length] : undefined;
    const role = roleFor(i, customRoleIds);
    if (kind === 'unknown-role') {
      const subject = memberIsUser(i) ? `user: ${userName(i)}` : `team: ${teamName(i)}`;
      // Merged too, with the written role overriding the merged one.
      if (merged) lines.push(...member(subject, role));
      else lines.push(`  - ${subject}`);
      lines.push(`    role: ${UNKNOWN_ROLES[i % UNKNOWN_ROLES.length]}`);
    } else if (kind === 'duplicate-user') {
      let earlier = i - 1 - (i % 13);
      while (!memberIsUser(earlier) || isInvalidIndex(earlier, invalidEvery, invalidOffset)) earlier--;
      lines.push(...member(`user: ${userName(earlier)}`, role));
    } else if (kind === 'user-and-team') {
      lines.push(...member(`user: ${userName(i)}`, role), `    team: ${teamName(i)}`);
    } else {
      lines.push(...member(memberIsUser(i) ? `user: ${userName(i)}` : `team: ${teamName(i)}`, role));
    }
    if (kind) invalid.push({ index: i, kind, startLine: memberLines[i], endLine: lines.length - 1 });
  }
  return {
    text: `${lines.join('\n')}\n`,
    members,
    memberLines,
    isValidUser: (index) => memberIsUser(index) && !isInvalidIndex(index, invalidEvery, invalidOffset),
    invalid,
    customRoleIds,
    merged,
  };
}

function isInvalidIndex(index: number, invalidEvery: number, invalidOffset: number): boolean {
  return index % invalidEvery === invalidOffset;
}

/** The default role IDs a completion at a `role:` value must offer. */
export const EXPECTED_ROLE_COMPLETIONS: readonly string[] = DEFAULT_ROLE_IDS;
