/**
 * The teaching checks' options of each project file: the base options (the editor's settings
 * `zenmlProjects.checks`, or the CLI's defaults), with the keys that `checks:` of the nearest
 * `.zenml-projects.yaml` at or above the file's folder sets on top. The file is the repository's
 * convention, so that the Problems panel and CI (`zenml-projects validate`) judge a file alike,
 * in a monorepo whose folders keep conventions of their own too — as ESLint's flat config and
 * Prettier find the nearest config file of each file. The nearest file is its folder's whole
 * convention: nothing is inherited from a file further up.
 *
 * Lookups are cached per folder; `forget()` drops the cache when a config file changes.
 */
import { nearest } from '../engine/nearest';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CheckOptions, RawCheckOptions, readCheckOptions } from '../engine/checkOptions';

export const CHECK_CONFIG_FILE = '.zenml-projects.yaml';

const CHECK_KEYS = ['teamThreshold', 'projectIdPattern', 'projectNamePattern'] as const;

/** What raw options amount to, as text: equal keys, equal checks. */
function optionsKey(raw: RawCheckOptions): string {
  const o = readCheckOptions(raw, '').options;
  return JSON.stringify([o.teamThreshold, o.projectIdPattern?.source ?? null, o.projectNamePattern?.source ?? null]);
}

/** A config file that cannot be used: what is wrong, in one sentence naming the file. */
export class CheckConfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'CheckConfigError';
  }
}

/**
 * `checks:` of a config file's text. Throws CheckConfigError when the text is not YAML or
 * `checks` is not a mapping; an absent or empty `checks` is `{}`.
 */
export function checksOfConfigText(text: string, file: string): RawCheckOptions {
  let doc: unknown;
  try {
    doc = parse(text) ?? {};
  } catch (e) {
    // The parser's first line ends with ':' before the excerpt it would show.
    throw new CheckConfigError(file, `the config file '${file}' is not valid YAML: ${(e as Error).message.split('\n')[0].replace(/:$/, '')}`);
  }
  if (doc !== null && (typeof doc !== 'object' || Array.isArray(doc))) throw new CheckConfigError(file, `the config file '${file}' must be a mapping with 'checks:'`);
  // A misspelt key would leave a check at its default without a word: every key must be known.
  unknownKeys(Object.keys(doc as object), ['checks'], (key, hint) => `'${key}' is not a key of the config file '${file}'${hint}; it has 'checks:' only`, file);
  const checks = doc && typeof doc === 'object' ? (doc as { checks?: unknown }).checks : undefined;
  if (checks !== undefined && checks !== null && (typeof checks !== 'object' || Array.isArray(checks))) {
    throw new CheckConfigError(file, `'checks' in '${file}' must be a mapping (${CHECK_KEYS.join(', ')})`);
  }
  unknownKeys(Object.keys(checks ?? {}), CHECK_KEYS, (key, hint) => `'${key}' is not a check option in '${file}'${hint}; the options are ${CHECK_KEYS.join(', ')}`, file);
  return { ...((checks as RawCheckOptions | null) ?? {}) };
}

export interface CheckConfigFilesOptions {
  /** Reads a config file's text (throws node:fs errors). */
  readFile: (file: string) => string;
  /**
   * Told once per config file and problem: a file that cannot be read or parsed (its keys are then
   * not used), or a value that is wrong (the base value is used instead).
   */
  problem: (message: string) => void;
}

export class CheckConfigFiles {
  private base: RawCheckOptions = {};
  /** What wins over every config file (the CLI's flags). */
  private overrides: RawCheckOptions = {};
  /** Folder → its nearest config file, or null. */
  private readonly nearest = new Map<string, string | null>();
  /** Config file (or null: none) → the options of the files it governs. */
  private readonly options = new Map<string | null, CheckOptions>();
  private readonly told = new Set<string>();

  constructor(private readonly io: CheckConfigFilesOptions) {}

  /**
   * Sets the base (the settings); returns whether any file's options may have changed — compared
   * by the options they make, so that settings equal to the defaults analyse nothing again.
   */
  setBase(raw: RawCheckOptions | undefined | null): boolean {
    const next = raw && typeof raw === 'object' ? { ...raw } : {};
    if (optionsKey(next) === optionsKey(this.base)) return false;
    this.base = next;
    this.options.clear();
    return true;
  }

  /** Sets what wins over every config file (the CLI's `--team-threshold`, ... flags). */
  setOverrides(raw: RawCheckOptions): void {
    this.overrides = { ...raw };
    this.options.clear();
  }

  /** Forgets every config file read (one was created, changed or deleted). */
  forget(): void {
    this.nearest.clear();
    this.options.clear();
    this.told.clear();
  }

  /** The config file that governs the file at `filePath`, or undefined. */
  configFileOf(filePath: string): string | undefined {
    // Upwards until a folder already known: a thousand files in sibling folders cost a thousand
    // lookups, not a thousand walks to the root.
    const walked: string[] = [];
    let found: string | null | undefined;
    for (let d = path.dirname(path.resolve(filePath)); ; d = path.dirname(d)) {
      found = this.nearest.get(d);
      if (found !== undefined) break;
      walked.push(d);
      const f = path.join(d, CHECK_CONFIG_FILE);
      if (existsSync(f)) {
        found = f;
        break;
      }
      if (path.dirname(d) === d) {
        found = null;
        break;
      }
    }
    for (const d of walked) this.nearest.set(d, found);
    return found ?? undefined;
  }

  /** The options of the project file at `filePath` (a path; undefined for files that are not on disk). */
  optionsFor(filePath: string | undefined): CheckOptions {
    const file = filePath === undefined ? null : (this.configFileOf(filePath) ?? null);
    let options = this.options.get(file);
    if (!options) {
      options = this.read(file);
      this.options.set(file, options);
    }
    return options;
  }

  private read(file: string | null): CheckOptions {
    let own: RawCheckOptions = {};
    if (file) {
      try {
        own = checksOfConfigText(this.io.readFile(file), file);
      } catch (e) {
        this.tell(e instanceof CheckConfigError ? `${e.message}; its checks are not used.` : `cannot read the config file '${file}' (${whyUnreadable(e)}); its checks are not used.`);
      }
    }
    // The base was checked where it was given (the settings, the flags): only the file's keys are told here.
    const options: CheckOptions = { ...readCheckOptions(this.base, '').options };
    for (const key of CHECK_KEYS) {
      if (!Object.hasOwn(own, key)) continue;
      const one = readCheckOptions({ [key]: own[key] }, `In '${file}', checks.`);
      if (one.problems.length) {
        for (const p of one.problems) this.tell(p.replace(/; (using \d+|the naming check is off)\.$/, '; the setting is used instead.'));
        continue;
      }
      // A pattern left empty in the file turns the convention off for its files.
      if (key === 'teamThreshold') options.teamThreshold = one.options.teamThreshold;
      else options[key] = one.options[key];
    }
    const overrides = readCheckOptions(this.overrides, '').options;
    for (const key of CHECK_KEYS) {
      if (!Object.hasOwn(this.overrides, key)) continue;
      if (key === 'teamThreshold') options.teamThreshold = overrides.teamThreshold;
      else options[key] = overrides[key];
    }
    return options;
  }

  private tell(message: string): void {
    if (this.told.has(message)) return;
    this.told.add(message);
    this.io.problem(message);
  }
}

/** Why a file could not be read, briefly: the system's code (ENOENT, EACCES), or the sentence of a refusal to read a pipe or device. */
export function whyUnreadable(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.name === 'UnreadableFileError' ? err.message : (err.code ?? err.message);
}

/** Throws for the first of `keys` not in `known`, with a "did you mean" when one is close. */
function unknownKeys(keys: readonly string[], known: readonly string[], message: (key: string, hint: string) => string, file: string): void {
  for (const key of keys) {
    if (known.includes(key)) continue;
    const [close] = nearest(key, known);
    throw new CheckConfigError(file, message(key, close ? ` (did you mean '${close}'?)` : ''));
  }
}
