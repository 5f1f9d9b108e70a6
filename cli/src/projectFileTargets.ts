/**
 * The project files a command works on, from its PATH arguments: files as named, folders searched
 * recursively (there, only files that look like project files count). No path = the current folder.
 *
 * Order: the PATH arguments in the order given; within a folder, paths in name order (see
 * findProjectFiles). Every command that lists files lists them in this order.
 */
import { promises as fs, readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { editorText } from '../../core/engine/fileText';
import { ProjectDocument } from '../../core/engine/projectDocument';
import { isProjectFile } from '../../core/projectFile/projectFileRule';
import { findProjectFiles } from '../../core/projectFile/findProjectFiles';

export interface ProjectFileTarget {
  file: string;
  /** Shown in output: relative to the current folder. */
  shown: string;
  doc: ProjectDocument;
}

/** A file a command may work on, before it is read. */
export interface ProjectFileCandidate {
  file: string;
  /** Shown in output: relative to the current folder. */
  shown: string;
  /** Named on the command line: checked whatever its name and content. */
  explicit: boolean;
}

/** The command line is wrong (exit 64). */
export class UsageError extends Error {}

/** A file or folder the command line names cannot be read (exit 1). */
export class InputError extends Error {}

/**
 * The candidates, in the order described above; a file reached by two paths (`validate . prod/`,
 * a link) once, at its first place. Throws UsageError for a missing PATH, InputError for an
 * unreadable folder named on the command line; a subfolder that cannot be read is passed to
 * `unreadable` (its path as shown, and why).
 */
export async function projectFileCandidates(paths: string[], cwd: string, unreadable?: (shown: string, error: Error) => void): Promise<ProjectFileCandidate[]> {
  const found: ProjectFileCandidate[] = [];
  const byRealPath = new Map<string, ProjectFileCandidate>();
  const add = (file: string, explicit: boolean) => {
    const real = realpathSync(file);
    const seen = byRealPath.get(real);
    if (seen) {
      seen.explicit ||= explicit;
      return;
    }
    const candidate = { file, shown: path.relative(cwd, file) || file, explicit };
    byRealPath.set(real, candidate);
    found.push(candidate);
  };
  for (const p of paths.length ? paths : ['.']) {
    const abs = path.resolve(cwd, p);
    const stat = await fs.stat(abs).catch(() => undefined);
    if (!stat) throw new UsageError(`'${p}' does not exist.`);
    if (stat.isDirectory()) {
      let files: string[];
      try {
        files = await findProjectFiles(abs, undefined, (folder, error) => unreadable?.(path.relative(cwd, folder) || folder, error));
      } catch (e) {
        throw new InputError(`cannot read the folder '${p}': ${(e as Error).message}`);
      }
      for (const f of files) add(f, false);
    } else if (stat.isFile()) add(abs, true);
    // A named pipe would block the read, a device (a link to /dev/zero) would never end it.
    else throw new UsageError(`'${p}' is not a regular file (a named pipe, socket or device); it was not read.`);
  }
  return found;
}

/**
 * Reads `candidates` one after another, hands each text to `analyse` as soon as it is read (so
 * that only the results, not the texts, stay in memory), and passes each result to `emit`, in
 * candidate order. `analyse` gets `undefined` for a file that could not be read, with the error.
 *
 * The reads are synchronous: every candidate is a regular file (named ones are checked, folders
 * yield only regular files), and for the small files a repository holds a synchronous read is a
 * fraction of the cost of the thread-pool round trips of asynchronous ones — most of a
 * thousand-file run's time went to waiting for them.
 */
export function readInOrder<R>(
  candidates: readonly ProjectFileCandidate[],
  analyse: (candidate: ProjectFileCandidate, text: string | undefined, error?: Error) => R,
  emit: (result: R, candidate: ProjectFileCandidate) => void,
): void {
  for (const c of candidates) {
    let text: string | undefined;
    let error: Error | undefined;
    try {
      // As an editor shows the file (see editorText).
      text = editorText(readFileSync(c.file, 'utf8'));
    } catch (e) {
      error = e as Error;
    }
    emit(analyse(c, text, error), c);
  }
}

/** The project files with their analysed documents, in order. Throws InputError for a file that cannot be read. */
export async function projectFileTargets(paths: string[], cwd: string): Promise<ProjectFileTarget[]> {
  const targets: ProjectFileTarget[] = [];
  let failure: InputError | undefined;
  // A project file that cannot be reached is never planned around: the command stops.
  let hidden: InputError | undefined;
  const candidates = await projectFileCandidates(paths, cwd, (shown, error) => (hidden ??= new InputError(`cannot read the folder '${shown}': ${error.message}`)));
  if (hidden) throw hidden;
  readInOrder(
    candidates,
    (c, text, error) => {
      if (text === undefined) return new InputError(`cannot read '${c.shown}': ${error?.message}`);
      const doc = new ProjectDocument(text);
      return isProjectFile(doc, c.explicit ? 'named' : 'found') ? { file: c.file, shown: c.shown, doc } : undefined;
    },
    (r) => {
      if (r instanceof InputError) failure ??= r;
      else if (r) targets.push(r);
    },
  );
  if (failure) throw failure;
  return targets;
}
