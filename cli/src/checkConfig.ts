/**
 * The teaching checks' options for the CLI: `checks:` of the config file `.zenml-projects.yaml`
 * (the nearest one from the current folder upwards, or `--config FILE`), overridden by
 * `--team-threshold`, `--project-id-pattern` and `--project-name-pattern`. The keys are those of
 * the editor's settings `zenmlProjects.checks.*`, so a repository can keep one convention for CI
 * and for everyone's editor.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CheckOptions, RawCheckOptions, readCheckOptions } from '../../core/engine/checkOptions';
import { UsageError } from './projectFileTargets';

export const CONFIG_FILE = '.zenml-projects.yaml';

/** The nearest `.zenml-projects.yaml` from `dir` upwards, or undefined. */
export function findConfigFile(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const f = path.join(d, CONFIG_FILE);
    if (existsSync(f)) return f;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * Reads the options. Throws UsageError (exit 2) for a config file that cannot be read or parsed,
 * or a value that is wrong — in CI a convention that silently does nothing is worse than a stop.
 */
export function loadCheckOptions(cwd: string, flags: { config?: string; teamThreshold?: string; projectIdPattern?: string; projectNamePattern?: string }): { options: CheckOptions; configFile?: string } {
  const configFile = flags.config !== undefined ? path.resolve(cwd, flags.config) : findConfigFile(cwd);
  let raw: RawCheckOptions = {};
  if (configFile) {
    let text: string;
    try {
      text = readFileSync(configFile, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read the config file '${configFile}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
    }
    let doc: unknown;
    try {
      doc = parse(text) ?? {};
    } catch (e) {
      throw new UsageError(`the config file '${configFile}' is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
    const checks = doc && typeof doc === 'object' ? (doc as { checks?: unknown }).checks : undefined;
    if (checks !== undefined && checks !== null && (typeof checks !== 'object' || Array.isArray(checks))) throw new UsageError(`'checks' in '${configFile}' must be a mapping (teamThreshold, projectIdPattern, projectNamePattern).`);
    raw = { ...((checks as RawCheckOptions | null) ?? {}) };
  }
  if (flags.teamThreshold !== undefined) raw.teamThreshold = /^\d+$/.test(flags.teamThreshold) ? Number(flags.teamThreshold) : flags.teamThreshold;
  if (flags.projectIdPattern !== undefined) raw.projectIdPattern = flags.projectIdPattern;
  if (flags.projectNamePattern !== undefined) raw.projectNamePattern = flags.projectNamePattern;
  const { options, problems } = readCheckOptions(raw, configFile ? `checks.` : '');
  if (problems.length) throw new UsageError(problems.map((p) => p.replace(/; (using \d+|the naming check is off)\.$/, '.')).join(' '));
  return { options, configFile };
}
