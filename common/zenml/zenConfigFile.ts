/**
 * Reading a ZenML config file (`<repo>/.zen/config.yaml` or the global `config.yaml`) for its
 * `active_project_id`, keeping source ranges so that diagnostics and edits can point at the
 * value. The parse mirrors what the ZenML client's `yaml.safe_load` accepts: YAML 1.1, one
 * document, duplicate keys allowed (the last one wins).
 */
import { isAlias, isCollection, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';

export const ACTIVE_PROJECT_KEY = 'active_project_id';

export interface TextRange {
  /** Offsets in the file's text: [start, end). */
  start: number;
  end: number;
}

export interface ZenConfigSyntaxError extends TextRange {
  /** 1-based, as people count lines. */
  line: number;
  message: string;
}

/** The `active_project_id` entry as written, before anyone decides whether it is loadable. */
export type ActiveProjectEntry =
  /** A string: a UUID or (wrongly, for the client) a name. */
  | (TextRange & { kind: 'text'; text: string })
  /** A number or boolean: the client cannot load it; `text` is how it is written. */
  | (TextRange & { kind: 'otherScalar'; text: string; found: string })
  /** A list or mapping. */
  | (TextRange & { kind: 'collection'; found: string });

export interface ZenConfigParse {
  syntaxErrors: ZenConfigSyntaxError[];
  /** Set when the document is a scalar or a list instead of a mapping of settings. */
  notMapping?: TextRange & { found: string };
  /** Absent when the key is missing or null (ZenML's "not set"). */
  activeProject?: ActiveProjectEntry;
}

/** Parses a ZenML config file's text. An empty file is an empty mapping, as ZenML reads it. */
export function parseZenConfig(text: string): ZenConfigParse {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      syntaxErrors: doc.errors.map((e) => {
        // An error found only at the end of the text (an unclosed quote or bracket) belongs to
        // the last character written, not to the empty line after the final newline.
        const lastWritten = text.trimEnd().length - 1;
        const start = Math.max(0, Math.min(e.pos[0], lastWritten));
        // At least one character wide where there is one, so that the error can be seen.
        const end = Math.max(start, Math.min(Math.max(e.pos[1], start + 1), lastWritten + 1));
        return { start, end, line: lineOf(text, start), message: e.message.replace(/\.$/, '') };
      }),
    };
  }
  const root = doc.contents as YamlNode | null;
  if (root === null || (isScalar(root) && root.value === null)) return { syntaxErrors: [] };
  if (!isMap(root)) return { syntaxErrors: [], notMapping: { ...rangeOf(root), found: describe(root) } };

  let entry: ActiveProjectEntry | undefined;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (key !== ACTIVE_PROJECT_KEY) continue;
    // Later duplicates replace earlier ones, as in PyYAML.
    let value = pair.value as YamlNode | null;
    if (value && isAlias(value)) value = (value.resolve(doc) as YamlNode | undefined) ?? null;
    entry = entryOf(value, text);
  }
  return { syntaxErrors: [], activeProject: entry };
}

function entryOf(value: YamlNode | null, text: string): ActiveProjectEntry | undefined {
  if (value === null) return undefined;
  const range = rangeOf(value);
  if (isScalar(value)) {
    if (value.value === null || value.value === undefined) return undefined;
    if (typeof value.value === 'string') return { ...range, kind: 'text', text: value.value };
    return { ...range, kind: 'otherScalar', text: text.slice(range.start, range.end), found: describe(value) };
  }
  return { ...range, kind: 'collection', found: describe(value) };
}

function rangeOf(node: YamlNode): TextRange {
  const [start, valueEnd] = node.range ?? [0, 0];
  return { start, end: valueEnd };
}

/** "a list", "the number 3"...: what a node is, for messages. */
function describe(node: YamlNode): string {
  if (isSeq(node)) return 'a list';
  if (isCollection(node)) return 'a mapping';
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number') return `the number ${v}`;
    if (typeof v === 'boolean') return `the boolean ${v}`;
    if (typeof v === 'string') return 'a single text value';
  }
  return 'a single value';
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Which of the two configs a file is, as messages name it. */
export type ZenConfigRole = 'repository config' | 'global config';

export interface ZenConfigReading {
  /** No file there: nothing is configured in it, and that is not a problem. */
  absent: boolean;
  /** The configured value as written (a UUID, or a name the client cannot load). */
  activeProjectId?: string;
  /** Where that value is in the file. */
  range?: TextRange;
  /** What made the file unusable, in one sentence; resolution then skips the file. */
  problem?: string;
}

/**
 * Reads and parses one config file. `readFile` throws like node:fs (an `ENOENT` code means the
 * file does not exist); `shownPath` is how messages name the file.
 */
export function readZenConfigFile(
  filePath: string,
  role: ZenConfigRole,
  readFile: (path: string) => string,
  shownPath: string = filePath,
): ZenConfigReading {
  let text: string;
  try {
    text = readFile(filePath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') return { absent: true };
    return { absent: false, problem: `${shownPath} could not be read (${readFailure(err)}); the ${role} was skipped.` };
  }
  const parsed = parseZenConfig(text);
  const skipped = `the ${role} was skipped`;
  if (parsed.syntaxErrors.length > 0) {
    const first = parsed.syntaxErrors[0];
    return { absent: false, problem: `${shownPath} is not valid YAML (line ${first.line}): ${first.message}; ${skipped}.` };
  }
  if (parsed.notMapping) {
    return { absent: false, problem: `${shownPath} holds ${parsed.notMapping.found} where ZenML expects a mapping of settings; ${skipped}.` };
  }
  const entry = parsed.activeProject;
  if (!entry) return { absent: false };
  const range = { start: entry.start, end: entry.end };
  if (entry.kind === 'collection') {
    return { absent: false, range, problem: `${shownPath}: ${ACTIVE_PROJECT_KEY} holds ${entry.found}, not a project's UUID; ${skipped}.` };
  }
  if (entry.text.trim() === '') {
    return { absent: false, range, problem: `${shownPath}: ${ACTIVE_PROJECT_KEY} is empty, which the ZenML client cannot load; ${skipped}.` };
  }
  return { absent: false, activeProjectId: entry.text, range };
}

function readFailure(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a folder on its path is a file';
    case 'ENOTREG':
      return 'it is not a regular file';
    case 'EFBIG':
      return 'it is too large';
    default:
      return e?.code ?? (err instanceof Error ? err.message : String(err));
  }
}
