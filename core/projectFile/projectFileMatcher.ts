/**
 * Which files are ZenML project files: `project.yaml` / `project.yml` anywhere, plus the globs
 * of the `zenmlProjects.projectFiles` setting. (Content decides too, for files found by their
 * name: see projectFileRule.ts.)
 */
import * as path from 'node:path';
import { DEFAULT_PROJECT_FILE_NAMES } from '../../common/projectFileNames';

export { DEFAULT_PROJECT_FILE_NAMES };

export function isDefaultProjectFileName(filePath: string): boolean {
  return (DEFAULT_PROJECT_FILE_NAMES as readonly string[]).includes(path.basename(filePath));
}

/** Translates a glob (`**`, `*`, `?`, `{a,b}`, `[...]`) into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let i = 0;
  let inGroup = false;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` matches anything.
        if (glob[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 3;
        } else {
          re += '.*';
          i += 2;
        }
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      re += '(?:';
      inGroup = true;
    } else if (c === '}' && inGroup) {
      re += ')';
      inGroup = false;
    } else if (c === ',' && inGroup) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
    i++;
  }
  return new RegExp(`^${re}$`);
}

export class ProjectFileMatcher {
  private readonly patterns: RegExp[];

  /** `globs` are relative to each of `roots` (workspace folders); absolute globs also work. */
  constructor(
    readonly globs: readonly string[],
    private readonly roots: readonly string[],
  ) {
    this.patterns = globs.filter((g) => g.trim() !== '').map((g) => globToRegExp(g.replace(/\\/g, '/').replace(/^\.\//, '')));
  }

  /** True when the user's globs name this file (then its content is not second-guessed). */
  matchesSetting(filePath: string): boolean {
    const p = filePath.replace(/\\/g, '/');
    for (const re of this.patterns) {
      if (re.test(p)) return true;
      for (const root of this.roots) {
        const rel = path.relative(root, filePath).replace(/\\/g, '/');
        if (!rel.startsWith('..') && re.test(rel)) return true;
      }
    }
    return false;
  }

  isProjectFile(filePath: string): boolean {
    return isDefaultProjectFileName(filePath) || this.matchesSetting(filePath);
  }
}
