/**
 * The project files a command works on, from its PATH arguments: files as named, folders searched
 * recursively (there, only files that look like project files count). No path = the current folder.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ProjectDocument } from '../../core/engine/projectDocument';
import { findProjectFiles } from '../../server/src/workspace/findProjectFiles';

export interface ProjectFileTarget {
  file: string;
  /** Shown in output: relative to the current folder. */
  shown: string;
  doc: ProjectDocument;
}

export class UsageError extends Error {}

export async function projectFileTargets(paths: string[], cwd: string): Promise<ProjectFileTarget[]> {
  const found: { file: string; explicit: boolean }[] = [];
  for (const p of paths.length ? paths : ['.']) {
    const abs = path.resolve(cwd, p);
    const stat = await fs.stat(abs).catch(() => undefined);
    if (!stat) throw new UsageError(`'${p}' does not exist.`);
    if (stat.isDirectory()) {
      try {
        for (const f of await findProjectFiles(abs)) found.push({ file: f, explicit: false });
      } catch (e) {
        throw new UsageError(`cannot read the folder '${p}': ${(e as Error).message}`);
      }
    } else found.push({ file: abs, explicit: true });
  }
  const targets: ProjectFileTarget[] = [];
  for (const t of found) {
    const shown = path.relative(cwd, t.file) || t.file;
    let text: string;
    try {
      text = await fs.readFile(t.file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read '${shown}': ${(e as Error).message}`);
    }
    const doc = new ProjectDocument(text);
    if (t.explicit || doc.isProjectContent()) targets.push({ file: t.file, shown, doc });
  }
  return targets;
}
