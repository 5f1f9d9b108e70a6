/**
 * `zenml-projects validate [PATH...] [--format text|json]`: the language server's engine, run
 * over files and folders, for terminals and CI.
 *
 * Output order (stable, documented in the README): file by file in the order of
 * projectFileCandidates, each file's diagnostics by position; then the one check that needs every
 * file — a Project ID defined twice in a workspace — file by file in the same order. Results are
 * written as soon as every earlier file is done, and only what that last check needs is kept of
 * a file once it has been analysed.
 */
import { ExitCode } from '../../common/exitCodes';
import { printable, printableJson } from '../../common/terminalText';
import { plural } from '../../common/plural';
import { pathToFileURL } from 'node:url';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { ProjectDocument } from '../../core/engine/projectDocument';
import { isProjectFile } from '../../core/projectFile/projectFileRule';
import { duplicateProjectIdDiagnostic, identityKey, projectIdentity, type ProjectIdentity } from '../../core/engine/projectIdentity';
import { ProjectFileCandidate, projectFileCandidates, readInOrder, UsageError } from './projectFileTargets';
import { CheckOptions } from '../../core/engine/checkOptions';
import { loadCheckOptions } from './checkConfig';

const SEVERITY: Record<DiagnosticSeverity, string> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

export interface FileReport {
  file: string;
  range: Diagnostic['range'];
  severity: string;
  code: string;
  message: string;
}

const USAGE = `Usage: zenml-projects validate [PATH...] [--format text|json] [--config FILE] [--allow-empty]
                               [--team-threshold N] [--project-id-pattern REGEX] [--project-name-pattern REGEX]
`;

/** What `validate --help` prints: the usage line, then each option (errors print the usage line only). */
const HELP = `${USAGE}
Checks project files: files as named (whatever their name), folders searched for project.yaml and
project.yml (node_modules and VCS folders skipped; no PATH = the current folder).

  --format text|json            text: file:line:col: severity code message (1-based); json: one array
                                of {file, range, severity, code, message} with LSP's 0-based ranges
  --config FILE                 the checks' options from this file's checks:, for every file (else
                                the nearest .zenml-projects.yaml at or above each file's folder)
  --team-threshold N            users in one role before use-team suggests a team (0: off)
  --project-id-pattern REGEX    the naming convention for Project IDs (naming-convention)
  --project-name-pattern REGEX  the naming convention for project names
  --allow-empty                 finding no project file is fine (else it is a usage error, 64)

Exit codes: 0 no errors (warnings allowed); 1 errors, or a file or folder that cannot be read;
64 usage: an unknown option, a missing PATH, a wrong config file or value, no project file found;
141 the output was closed early (| head -1).
`;

/** Options that take a value, mapped to the key loadCheckOptions reads. */
const CHECK_FLAGS = { '--config': 'config', '--team-threshold': 'teamThreshold', '--project-id-pattern': 'projectIdPattern', '--project-name-pattern': 'projectNamePattern' } as const;

/** What is kept of a file once it has been analysed. */
interface Checked {
  candidate: ProjectFileCandidate;
  /** Not a project file (found in a folder, but it is some other tool's YAML). */
  skipped: boolean;
  reports: FileReport[];
  identity?: ProjectIdentity;
  readError?: string;
}

function report(shown: string, d: Diagnostic): FileReport {
  return { file: shown, range: d.range, severity: SEVERITY[d.severity ?? 1], code: String(d.code), message: typeof d.message === 'string' ? d.message : d.message.value };
}

function check(candidate: ProjectFileCandidate, text: string | undefined, error: Error | undefined, options: CheckOptions): Checked {
  if (text === undefined) return { candidate, skipped: false, reports: [], readError: `cannot read '${candidate.shown}': ${error?.message ?? 'unknown error'}` };
  const doc = new ProjectDocument(text);
  if (!isProjectFile(doc, candidate.explicit ? 'named' : 'found')) return { candidate, skipped: true, reports: [] };
  const uri = pathToFileURL(candidate.file).href;
  return { candidate, skipped: false, reports: doc.diagnostics(uri, options).map((d) => report(candidate.shown, d)), identity: projectIdentity(doc) };
}

/** Writes text in chunks of about 64 KiB instead of one write per line. */
class BufferedOutput {
  private pending = '';
  constructor(private readonly out: NodeJS.WritableStream) {}
  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= 65_536) this.flush();
  }
  flush(): void {
    if (this.pending) this.out.write(this.pending);
    this.pending = '';
  }
}

export async function runValidate(args: string[], cwd: string, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let format = 'text';
  let allowEmpty = false;
  const paths: string[] = [];
  const checkFlags: Partial<Record<(typeof CHECK_FLAGS)[keyof typeof CHECK_FLAGS], string>> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const flag = a.split('=')[0] as keyof typeof CHECK_FLAGS;
    if (Object.hasOwn(CHECK_FLAGS, flag)) {
      const value = a.includes('=') ? a.slice(flag.length + 1) : args[++i];
      if (value === undefined) {
        err.write(`zenml-projects validate: ${flag} needs a value.\n${USAGE}`);
        return ExitCode.usage;
      }
      checkFlags[CHECK_FLAGS[flag]] = value;
    } else if (a === '--format' || a.startsWith('--format=')) {
      format = a.includes('=') ? a.slice('--format='.length) : (args[++i] ?? '');
      if (!format) {
        err.write(`zenml-projects validate: --format needs a value: text or json.\n${USAGE}`);
        return ExitCode.usage;
      }
      if (format !== 'text' && format !== 'json') {
        err.write(`zenml-projects validate: --format must be 'text' or 'json', not '${format}'.\n${USAGE}`);
        return ExitCode.usage;
      }
    } else if (a === '--allow-empty') {
      allowEmpty = true;
    } else if (a === '--help' || a === '-h') {
      out.write(HELP);
      return ExitCode.ok;
    } else if (a.startsWith('-')) {
      err.write(`zenml-projects validate: unknown option '${a}'.\n${USAGE}`);
      return ExitCode.usage;
    } else paths.push(a);
  }

  let candidates: ProjectFileCandidate[];
  /** Subfolders the search could not read: reported like files that cannot be read (exit 1). */
  const unreadableFolders: string[] = [];
  let optionsFor: (file: string) => CheckOptions;
  try {
    candidates = await projectFileCandidates(paths, cwd, (shown, error) => unreadableFolders.push(`cannot read the folder '${shown}': ${error.message}`));
    optionsFor = loadCheckOptions(cwd, checkFlags, candidates.map((c) => c.file));
  } catch (e) {
    err.write(`zenml-projects validate: ${(e as Error).message}\n`);
    return e instanceof UsageError ? ExitCode.usage : ExitCode.failed;
  }

  const output = new BufferedOutput(out);
  const counts: Record<string, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  let written = 0;
  const write = (r: FileReport) => {
    counts[r.severity]++;
    if (format === 'json') output.write(`${written ? ',\n' : '[\n'}${printableJson(r).replace(/^/gm, '  ')}`);
    else output.write(`${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.severity} ${r.code} ${r.message}\n`);
    written++;
  };

  let checkedFiles = 0;
  let readErrors = 0;
  /** Project key → the files that define it, in output order. */
  const byProject = new Map<string, { candidate: ProjectFileCandidate; identity: ProjectIdentity }[]>();
  readInOrder(candidates, (candidate, text, error) => check(candidate, text, error, optionsFor(candidate.file)), (c) => {
    if (c.readError) {
      readErrors++;
      output.flush();
      err.write(`zenml-projects validate: ${c.readError}\n`);
      return;
    }
    if (c.skipped) return;
    checkedFiles++;
    for (const r of c.reports) write(r);
    if (c.identity) {
      const key = identityKey(c.identity);
      const group = byProject.get(key);
      if (group) group.push({ candidate: c.candidate, identity: c.identity });
      else byProject.set(key, [{ candidate: c.candidate, identity: c.identity }]);
    }
  });

  const duplicates: { order: number; report: FileReport }[] = [];
  const order = new Map(candidates.map((c, i) => [c, i]));
  for (const group of byProject.values()) {
    if (group.length < 2) continue;
    for (const me of group) {
      const others = group.filter((o) => o !== me).map((o) => ({ uri: pathToFileURL(o.candidate.file).href, name: o.candidate.shown, idRange: o.identity.idRange }));
      duplicates.push({ order: order.get(me.candidate)!, report: report(me.candidate.shown, duplicateProjectIdDiagnostic(me.identity, others)) });
    }
  }
  for (const d of duplicates.sort((a, b) => a.order - b.order)) write(d.report);

  if (unreadableFolders.length) {
    output.flush();
    for (const message of unreadableFolders) err.write(`zenml-projects validate: ${message}\n`);
    readErrors += unreadableFolders.length;
  }
  if (format === 'json') output.write(written ? '\n]\n' : '[]\n');
  else output.write(`Checked ${plural(checkedFiles, 'project file')}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.information, 'note')}.\n`);
  output.flush();
  if (readErrors) return ExitCode.failed;
  if (checkedFiles === 0 && !allowEmpty) {
    // A CI job pointed at the wrong folder would otherwise pass while checking nothing.
    const where = paths.length ? paths.map((p) => `'${printable(p)}'`).join(', ') : 'the current folder';
    err.write(
      `zenml-projects validate: no project files found in ${where}. Folders are searched for project.yaml and project.yml (another tool's project.yaml is skipped); name a file to check it whatever its name, or pass --allow-empty if finding none is fine.\n`,
    );
    return ExitCode.usage;
  }
  return counts.error > 0 ? ExitCode.failed : ExitCode.ok;
}
