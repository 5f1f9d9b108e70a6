/**
 * `zenml-projects validate [PATH...] [--format text|json]`: the language server's engine, run
 * over files and folders, for terminals and CI.
 */
import { pathToFileURL } from 'node:url';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { ProjectFileTarget, projectFileTargets } from './projectFileTargets';

const SEVERITY: Record<DiagnosticSeverity, string> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

export interface FileReport {
  file: string;
  range: Diagnostic['range'];
  severity: string;
  code: string;
  message: string;
}

const USAGE = 'Usage: zenml-projects validate [PATH...] [--format text|json]\n';

export async function runValidate(args: string[], cwd: string, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let format = 'text';
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--format' || a.startsWith('--format=')) {
      format = a.includes('=') ? a.slice('--format='.length) : (args[++i] ?? '');
      if (format !== 'text' && format !== 'json') {
        err.write(`zenml-projects validate: --format must be 'text' or 'json', not '${format}'.\n${USAGE}`);
        return 2;
      }
    } else if (a === '--help' || a === '-h') {
      out.write(USAGE);
      return 0;
    } else if (a.startsWith('-')) {
      err.write(`zenml-projects validate: unknown option '${a}'.\n${USAGE}`);
      return 2;
    } else paths.push(a);
  }

  let targets: ProjectFileTarget[];
  try {
    targets = await projectFileTargets(paths, cwd);
  } catch (e) {
    err.write(`zenml-projects validate: ${(e as Error).message}\n`);
    return 2;
  }
  const reports: FileReport[] = [];
  const checked = targets.length;
  for (const t of targets) {
    for (const d of t.doc.diagnostics(pathToFileURL(t.file).href)) {
      reports.push({ file: t.shown, range: d.range, severity: SEVERITY[d.severity ?? 1], code: String(d.code), message: typeof d.message === 'string' ? d.message : d.message.value });
    }
  }

  if (format === 'json') out.write(`${JSON.stringify(reports, null, 2)}\n`);
  else {
    for (const r of reports) out.write(`${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.severity} ${r.code} ${r.message}\n`);
    const count = (s: string) => reports.filter((r) => r.severity === s).length;
    out.write(`Checked ${checked} project file${checked === 1 ? '' : 's'}: ${count('error')} errors, ${count('warning')} warnings, ${count('information')} notes.\n`);
  }
  return reports.some((r) => r.severity === 'error') ? 1 : 0;
}
