/**
 * The rules ZenML applies to a project's `name` (the "Project ID" of ZenML Pro's UI).
 * Shared by the language server, the CLI, the client and the local workspace so that every
 * side accepts and refuses exactly the same IDs.
 */

/** ZenML's server model: lowercase letters, digits, '-' and '_'. */
export const PROJECT_ID_PATTERN = /^[a-z0-9_-]+$/;
export const PROJECT_ID_MAX_LENGTH = 50;
/** `display_name` and `description` limits in ZenML's models. */
export const DISPLAY_NAME_MAX_LENGTH = 255;
export const DESCRIPTION_MAX_LENGTH = 255;

export type IdProblem =
  | { kind: 'empty' }
  | { kind: 'tooLong'; length: number }
  | { kind: 'characters'; invalid: string[] };

/** Why `id` is not a valid project (or role) ID, or undefined when it is valid. */
export function checkProjectId(id: string): IdProblem | undefined {
  if (id.length === 0) return { kind: 'empty' };
  if (id.length > PROJECT_ID_MAX_LENGTH) return { kind: 'tooLong', length: id.length };
  if (!PROJECT_ID_PATTERN.test(id)) {
    const invalid = [...new Set([...id].filter((c) => !/[a-z0-9_-]/.test(c)))];
    return { kind: 'characters', invalid };
  }
  return undefined;
}

/** A sentence that says what is wrong with an ID; `what` names it ("Project ID", "Role ID"). */
export function describeIdProblem(what: string, id: string, problem: IdProblem): string {
  switch (problem.kind) {
    case 'empty':
      return `${what} must not be empty.`;
    case 'tooLong':
      return `${what} may be at most ${PROJECT_ID_MAX_LENGTH} characters long; '${truncate(id)}' has ${problem.length}.`;
    case 'characters': {
      const upper = problem.invalid.some((c) => c !== c.toLowerCase());
      const hint = upper ? ' (ZenML only accepts lowercase)' : '';
      return `${what} may only contain lowercase letters, digits, '-' and '_'${hint}; found '${truncate(id)}'.`;
    }
  }
}

/**
 * ZenML's derivation of a project name from a display name: lowercase, spaces become '-',
 * every other character outside the rule is dropped, then cut to the maximum length.
 */
export function deriveProjectId(displayName: string): string {
  return displayName
    .toLowerCase()
    .replace(/ /g, '-')
    .replace(/[^a-z0-9_-]/g, '')
    .slice(0, PROJECT_ID_MAX_LENGTH);
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
