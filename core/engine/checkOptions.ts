/**
 * The user's thresholds and naming convention for the teaching checks: one shape for the editor's
 * settings (`zenmlProjects.checks.*`) and the CLI's config file (`checks:` in
 * `.zenml-projects.yaml`), read and checked by one function so both accept the same values.
 */

export interface CheckOptions {
  /** How many individual users may hold the same role before `use-team` suggests a team; 0 = off. */
  teamThreshold: number;
  /** A convention the Project ID must follow (`naming-convention`), when set. */
  projectIdPattern?: RegExp;
  /** A convention the Project Name (`name:`) must follow, when set. */
  projectNamePattern?: RegExp;
}

export const DEFAULT_CHECK_OPTIONS: CheckOptions = Object.freeze({ teamThreshold: 5 });

/** The keys, as they appear under `zenmlProjects.checks` and under `checks:` in the CLI's config. */
export interface RawCheckOptions {
  teamThreshold?: unknown;
  projectIdPattern?: unknown;
  projectNamePattern?: unknown;
}

/**
 * Reads raw settings into options. A value that is wrong is left at its default and described in
 * `problems` (one sentence each, naming `where` + the key), so the caller can say so once.
 */
export function readCheckOptions(raw: RawCheckOptions | undefined | null, where: string): { options: CheckOptions; problems: string[] } {
  const options: CheckOptions = { ...DEFAULT_CHECK_OPTIONS };
  const problems: string[] = [];
  if (!raw || typeof raw !== 'object') return { options, problems };
  const t = raw.teamThreshold;
  if (t !== undefined && t !== null) {
    if (typeof t === 'number' && Number.isInteger(t) && t >= 0) options.teamThreshold = t;
    else problems.push(`${where}teamThreshold must be a whole number ≥ 0 (0 turns the check off), not ${JSON.stringify(t)}; using ${options.teamThreshold}.`);
  }
  for (const key of ['projectIdPattern', 'projectNamePattern'] as const) {
    const v = raw[key];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') {
      problems.push(`${where}${key} must be a regular expression as text, not ${JSON.stringify(v)}; the naming check is off.`);
      continue;
    }
    try {
      options[key] = new RegExp(v, 'u');
    } catch (e) {
      problems.push(`${where}${key} is not a valid regular expression (${(e as Error).message}); the naming check is off.`);
    }
  }
  return { options, problems };
}
