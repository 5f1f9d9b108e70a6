/**
 * `plan`, `apply` and `import`: project files against a ZenML workspace, from a terminal or CI.
 *   plan   exit 0: in sync, 2: changes pending, 1: error
 *   apply  exit 0: applied (or nothing to do), 1: error or refused
 *   import exit 0: written
 *   report exit 0: everyone's access matches the file, 2: differences, 1: error
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import { writeFileAtomic } from '../../common/atomicFile';
import { safeStream } from '../../common/safeOutput';
import { ZenmlApiError } from '../../common/api/apiError';
import { applyPlan, RefusedPlanError } from '../../core/sync/applyPlan';
import { formatApplyResult, formatPlan, planJson } from '../../core/sync/formatPlan';
import { byWorkspaceSubject, renderProjectFile, specFromState } from '../../core/sync/importProject';
import { foreignAssignments, foreignNote } from '../../core/sync/plan';
import { accessReportCsv, accessReportMarkdown, buildAccessReport } from '../../core/sync/accessReport';
import { readTeamMembers, readWorkspaceState } from '../../core/sync/workspaceState';
import { parseArgs } from './commandLine';
import { FilePlan, InvalidProjectFileError, planFile, specOf } from './filePlans';
import { projectFileTargets, UsageError } from './projectFileTargets';
import { WORKSPACE_FLAGS, workspaceApi } from './workspaceOptions';

export interface Io {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  stdin: NodeJS.ReadStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): Io => ({ out: process.stdout, err: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env });

/**
 * Turns the failures every command shares into its message and exit code. Everything the command
 * writes goes through `safeStream`: workspace names and server messages reach the terminal
 * without credentials or control sequences.
 */
async function guarded(name: string, rawIo: Io, body: (io: Io) => Promise<number>): Promise<number> {
  const io: Io = { ...rawIo, out: safeStream(rawIo.out), err: safeStream(rawIo.err) };
  try {
    return await body(io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err.write(`zenml-projects ${name}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ZenmlApiError || e instanceof InvalidProjectFileError || e instanceof RefusedPlanError) {
      io.err.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

async function plans(args: string[], io: Io, extraSwitches: string[]): Promise<{ plans: FilePlan[]; parsed: ReturnType<typeof parseArgs> }> {
  const parsed = parseArgs(args, [...WORKSPACE_FLAGS, '--format'], extraSwitches);
  const format = parsed.values.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be 'text' or 'json', not '${format}'.`);
  const api = workspaceApi(parsed, io.env);
  const targets = await projectFileTargets(parsed.positional, io.cwd);
  if (!targets.length) throw new UsageError('no project files found.');
  const result: FilePlan[] = [];
  for (const t of targets) result.push(await planFile(api, t));
  return { plans: result, parsed };
}

export function runPlan(args: string[], io: Io = defaultIo()): Promise<number> {
  return guarded('plan', io, async (io) => {
    const { plans: all, parsed } = await plans(args, io, []);
    if (parsed.values.get('--format') === 'json') io.out.write(`${JSON.stringify(all.map((p) => planJson(p.plan, p.target.shown)), null, 2)}\n`);
    else io.out.write(`${all.map((p) => formatPlan(p.plan, p.target.shown)).join('\n\n')}\n`);
    if (all.some((p) => p.plan.problems.length)) return 1;
    return all.some((p) => p.plan.changes.length) ? 2 : 0;
  });
}

export function runApply(args: string[], io: Io = defaultIo()): Promise<number> {
  return guarded('apply', io, async (io) => {
    const { plans: all, parsed } = await plans(args, io, ['--yes', '--force']);
    io.out.write(`${all.map((p) => formatPlan(p.plan, p.target.shown)).join('\n\n')}\n`);
    const pending = all.filter((p) => p.plan.changes.length);
    if (all.some((p) => p.plan.problems.length)) throw new RefusedPlanError('Nothing was applied: fix the problems marked ! above first.');
    if (!pending.length) return 0;
    if (!parsed.switches.has('--yes')) {
      if (!io.stdin.isTTY) throw new UsageError('refusing to apply without confirmation: pass --yes when not running interactively.');
      const rl = readline.createInterface({ input: io.stdin, output: io.out });
      const answer = await rl.question('Apply these changes? [y/N] ');
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) {
        io.out.write('Nothing applied.\n');
        return 1;
      }
    }
    const api = workspaceApi(parsed, io.env);
    for (const p of pending) {
      io.out.write(`\nApplying ${p.target.shown}:\n`);
      const result = await applyPlan(api, p.spec, p.plan, p.state, { force: parsed.switches.has('--force') });
      io.out.write(`${formatApplyResult(result)}\n`);
      if (result.failed) return 1;
    }
    return 0;
  });
}

export function runReport(args: string[], io: Io = defaultIo()): Promise<number> {
  return guarded('report', io, async (io) => {
    const parsed = parseArgs(args, [...WORKSPACE_FLAGS, '--format'], []);
    const format = parsed.values.get('--format') ?? 'markdown';
    if (format !== 'markdown' && format !== 'csv') throw new UsageError(`--format must be 'markdown' or 'csv', not '${format}'.`);
    const api = workspaceApi(parsed, io.env);
    const targets = await projectFileTargets(parsed.positional, io.cwd);
    if (!targets.length) throw new UsageError('no project files found.');
    let differs = false;
    for (const t of targets) {
      const spec = specOf(t);
      const state = await readWorkspaceState(api, spec.id);
      const teams = [...state.assignments.filter((a) => a.subject.kind === 'team').map((a) => a.subject.id), ...state.teams.filter((x) => spec.members.some((m) => m.kind === 'team' && m.name.toLowerCase() === x.name.toLowerCase())).map((x) => x.id)];
      const report = buildAccessReport(spec, state, await readTeamMembers(api, teams));
      io.out.write(format === 'csv' ? accessReportCsv(report) : accessReportMarkdown(report));
      differs ||= report.rows.some((r) => r.status !== 'same');
    }
    return differs ? 2 : 0;
  });
}

export function runImport(args: string[], io: Io = defaultIo()): Promise<number> {
  return guarded('import', io, async (io) => {
    const parsed = parseArgs(args, [...WORKSPACE_FLAGS, '--output'], []);
    const [projectId, ...extra] = parsed.positional;
    if (!projectId || extra.length) throw new UsageError('usage: zenml-projects import PROJECT_ID [--output FILE]');
    const api = workspaceApi(parsed, io.env);
    const state = await readWorkspaceState(api, projectId);
    const spec = specFromState(state, projectId);
    for (const a of foreignAssignments(state, projectId)) io.err.write(`note: ${foreignNote(a)}\n`);
    const output = parsed.values.get('--output');
    if (!output) {
      io.out.write(renderProjectFile(spec));
      return 0;
    }
    const file = path.resolve(io.cwd, output);
    const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    writeFileAtomic(file, renderProjectFile(spec, existing, byWorkspaceSubject(state)));
    io.err.write(`${existing === undefined ? 'Wrote' : 'Updated'} ${output} from project '${projectId}' on ${api.url}.\n`);
    return 0;
  });
}
