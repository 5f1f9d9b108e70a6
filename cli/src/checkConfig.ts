/**
 * The teaching checks' options for the CLI, per project file: `checks:` of the nearest
 * `.zenml-projects.yaml` at or above the file's folder (as the language server finds it, so that CI
 * and the editor judge a file alike — core/projectFile/checkConfigFiles.ts), or of the one
 * `--config FILE` names for every file; `--team-threshold`, `--project-id-pattern` and
 * `--project-name-pattern` win over both. The keys are those of the editor's settings
 * `zenmlProjects.checks.*`.
 */
import { readRegularFileSync } from '../../common/regularFile';
import * as path from 'node:path';
import { CheckOptions, RawCheckOptions, readCheckOptions } from '../../core/engine/checkOptions';
import { CheckConfigError, CheckConfigFiles, checksOfConfigText, whyUnreadable } from '../../core/projectFile/checkConfigFiles';
import { UsageError } from './projectFileTargets';

export interface CheckFlags {
  config?: string;
  teamThreshold?: string;
  projectIdPattern?: string;
  projectNamePattern?: string;
}

/** A problem's sentence for a terminal: what the editor does instead is not for CI. */
function forCli(problem: string): string {
  return problem.replace(/; (using \d+|the naming check is off|the setting is used instead|its checks are not used)\.$/, '.');
}

/**
 * The options of each of `files`. Throws UsageError (exit 64) for a config file that cannot be
 * read or parsed, or a value (in a file or a flag) that is wrong — in CI a convention that
 * silently does nothing is worse than a stop. Every config file the files need is read here.
 */
export function loadCheckOptions(cwd: string, flags: CheckFlags, files: readonly string[]): (file: string) => CheckOptions {
  const overrides: RawCheckOptions = {};
  if (flags.teamThreshold !== undefined) overrides.teamThreshold = /^\d+$/.test(flags.teamThreshold) ? Number(flags.teamThreshold) : flags.teamThreshold;
  if (flags.projectIdPattern !== undefined) overrides.projectIdPattern = flags.projectIdPattern;
  if (flags.projectNamePattern !== undefined) overrides.projectNamePattern = flags.projectNamePattern;
  const flagProblems = readCheckOptions(overrides, '').problems;
  if (flagProblems.length) throw new UsageError(flagProblems.map(forCli).join(' '));

  if (flags.config !== undefined) {
    const configFile = path.resolve(cwd, flags.config);
    let text: string;
    try {
      text = readRegularFileSync(configFile);
    } catch (e) {
      throw new UsageError(`cannot read the config file '${configFile}': ${whyUnreadable(e)}.`);
    }
    let own: RawCheckOptions;
    try {
      own = checksOfConfigText(text, configFile);
    } catch (e) {
      throw e instanceof CheckConfigError ? new UsageError(e.message) : e;
    }
    const { options, problems } = readCheckOptions({ ...own, ...overrides }, 'checks.');
    if (problems.length) throw new UsageError(problems.map(forCli).join(' '));
    return () => options;
  }

  const problems: string[] = [];
  const configs = new CheckConfigFiles({ readFile: (f) => readRegularFileSync(f), problem: (m) => problems.push(forCli(m)) });
  configs.setOverrides(overrides);
  for (const f of files) configs.optionsFor(f);
  if (problems.length) throw new UsageError(problems.join(' '));
  return (file) => configs.optionsFor(file);
}
