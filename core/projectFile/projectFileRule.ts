/**
 * The one rule for "is this a ZenML project file", used by the language server (and so by the
 * editor, which asks it) and by the CLI's folder scan (README, "Which files are project files"):
 *
 * - a file the user named — by the `zenmlProjects.projectFiles` globs, or on the command line —
 *   is always ours;
 * - a file found by its name (`project.yaml`, `project.yml`) is ours only when its top level looks
 *   like ours: any of `members`, `roles`, `workspace` or `$schema`, or an `id` alongside keys that
 *   are mostly ours. `project.yaml` is a generic name: another tool's file with `id: 42`,
 *   `version: 3` and `settings:` is not ours. A file with no top-level keys yet (empty, a list, a
 *   single value) is a project file being written, or a broken one: ours;
 * - a file that is not ours is left alone.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DiagnosticCode, DIAGNOSTIC_SOURCE } from '../../common/diagnosticCodes';
import type { ProjectDocument } from '../engine/projectDocument';

/** How a file came to be considered: the user named it, or it was found by its name. */
export type ProjectFileClaim = 'named' | 'found';

/** Top-level keys only a ZenML project file has: any one of them makes a found file ours. */
export const PROJECT_MARKER_KEYS = ['members', 'roles', 'workspace', '$schema'] as const;

/** Every top-level key of the format (schemas/project.schema.json), besides `x-…` extensions. */
const OUR_KEYS = new Set(['$schema', 'id', 'name', 'description', 'workspace', 'roles', 'members']);

function isOurKey(key: string): boolean {
  return OUR_KEYS.has(key) || key.startsWith('x-');
}

/**
 * Whether top-level keys look like a project file's: a marker key, or `id` with at least half of
 * the keys ours (so that a project file with a typo or two is still checked, and told about them).
 */
export function looksLikeProjectFile(keys: readonly string[]): boolean {
  if (keys.length === 0) return true;
  if (keys.some((k) => (PROJECT_MARKER_KEYS as readonly string[]).includes(k))) return true;
  if (!keys.includes('id')) return false;
  return keys.filter(isOurKey).length * 2 >= keys.length;
}

/** Whether `doc` is a project file, for a file that was `claim`ed so. */
export function isProjectFile(doc: ProjectDocument, claim: ProjectFileClaim): boolean {
  if (claim === 'named') return true;
  // Too large to index: the one "too large" warning is more use than silence.
  if (doc.tooLarge) return true;
  return looksLikeProjectFile([...doc.facts().keys.keys()]);
}

/**
 * The one word said about a file found by its name that is not ours (only while it is open in an
 * editor): that it is not checked, and how to opt it in.
 */
export function notProjectFileDiagnostic(): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: DiagnosticCode.notProjectFile,
    message:
      'Not checked as a ZenML project file: its top level has none of members, roles, workspace or $schema, nor an id among keys that are mostly a project file\'s. ' +
      'If it is one, add `$schema:` at the top, or name it in the zenmlProjects.projectFiles setting.',
  };
}
