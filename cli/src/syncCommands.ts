/**
 * `plan`, `apply` and `import`: project files against a ZenML workspace, from a terminal or CI.
 * Exit codes as every subcommand's (common/exitCodes.ts): 0 done / in sync, 1 an error or a
 * refusal, 2 changes pending (plan) or access differing from the file (report), 64 usage.
 */
import { ExitCode } from '../../common/exitCodes';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import { isRegularFile, writeFileAtomic } from '../../common/atomicFile';
import { printableYaml } from '../../common/printableYaml';
import { printableJson } from '../../common/terminalText';
import { safeStream, safeText } from '../../common/safeOutput';
import { ZenmlApiError } from '../../common/api/apiError';
import { applyPlan, RefusedPlanError } from '../../core/sync/applyPlan';
import { formatApplyResult, formatPlanGroups, planGroupsMarkdown, planJson } from '../../core/sync/formatPlan';
import { byWorkspaceSubject, renderProjectFile, specFromState } from '../../core/sync/importProject';
import { foreignAssignments, foreignNote } from '../../core/sync/plan';
import { accessReportCsv, accessReportMarkdown, readAccessReport } from '../../core/sync/accessReport';
import { readWorkspaceState } from '../../core/sync/workspaceState';
import { formatUsage, readProjectUsage } from '../../core/sync/projectUsage';
import { declaredWorkspace, workspaceDisplayName, workspaceMatches, wrongWorkspaceMessage } from '../../core/sync/workspaceTarget';
import { parseArgs, Parsed } from './commandLine';
import { byWorkspace, FilePlan, InvalidProjectFileError, planGroups, planTargets, routeTargets } from './filePlans';
import { InputError, projectFileTargets, UsageError } from './projectFileTargets';
import { readConnections, routeFile, WORKSPACE_FLAGS } from './workspaceRouting';

export interface Io {
  out: NodeJS.WritableStream;
  /**
   * The terminal itself, under `out`'s escaping: where an interactive prompt's line editing
   * (readline's cursor moves, the echo of typed keys) goes. `guarded` sets it; `out` when unset.
   */
  terminal?: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  stdin: NodeJS.ReadStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const defaultIo = (): Io => ({ out: process.stdout, err: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env });

/**
 * Turns the failures every command shares into its message and exit code. Everything the command
 * writes goes through `safeStream`: workspace names and server messages reach the terminal
 * without credentials or control sequences.
 */
export async function guarded(name: string, rawIo: Io, body: (io: Io) => Promise<number>): Promise<number> {
  const io: Io = { ...rawIo, out: safeStream(rawIo.out), err: safeStream(rawIo.err), terminal: rawIo.terminal ?? rawIo.out };
  try {
    return await body(io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err.write(`zenml-projects ${name}: ${e.message}\n`);
      return ExitCode.usage;
    }
    if (e instanceof InputError) {
      io.err.write(`zenml-projects ${name}: ${e.message}\n`);
      return ExitCode.failed;
    }
    if (e instanceof ZenmlApiError || e instanceof InvalidProjectFileError || e instanceof RefusedPlanError) {
      io.err.write(`${e.message}\n`);
      return ExitCode.failed;
    }
    throw e;
  }
}

/**
 * Asks `question` on the terminal; true for y / yes (any case), false for anything else.
 * readline edits the line on the terminal itself (`io.terminal`): its cursor codes and the echo
 * of Backspace or arrows must act, not be shown as escapes. Only the question, which may carry
 * a server's text (a project's name), is made safe first.
 */
export async function confirm(io: Io, question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: io.stdin, output: io.terminal ?? io.out });
  try {
    return /^y(es)?$/i.test((await rl.question(safeText(question))).trim());
  } finally {
    rl.close();
  }
}

async function plans(args: string[], io: Io, formats: string[], extraSwitches: string[]): Promise<{ plans: FilePlan[]; parsed: Parsed; format: string }> {
  const parsed = parseArgs(args, [...WORKSPACE_FLAGS, '--format'], extraSwitches);
  const format = parsed.values.get('--format') ?? formats[0];
  if (!formats.includes(format)) throw new UsageError(`--format must be ${formats.map((f) => `'${f}'`).join(' or ')}, not '${format}'.`);
  const connections = readConnections(parsed, io.cwd, io.env);
  const targets = await projectFileTargets(parsed.positional, io.cwd);
  if (!targets.length) throw new UsageError('no project files found.');
  return { plans: await planTargets(connections, targets), parsed, format };
}

export function runPlan(args: string[], io: Io = defaultIo()): Promise<number> {
  return guarded('plan', io, async (io) => {
    const { plans: all, format } = await plans(args, io, ['text', 'json', 'markdown'], []);
    if (format === 'json') io.out.write(`${printableJson(all.map((p) => planJson(p.plan, p.target.shown)))}\n`);
    else if (format === 'markdown') io.out.write(planGroupsMarkdown(planGroups(all)));
    else io.out.write(`${formatPlanGroups(planGroups(all))}\n`);
    if (all.some((p) => p.plan.problems.length)) return ExitCode.failed;
    return all.some((p) => p.plan.changes.length) ? ExitCode.changesPending : ExitCode.ok;
  });
}

export function runApply(args: string[], io: Io = defaultIo()): Promise<number> {
  return guarded('apply', io, async (io) => {
    const { plans: all, parsed } = await plans(args, io, ['text'], ['--yes', '--force']);
    io.out.write(`${formatPlanGroups(planGroups(all))}\n`);
    // Nothing is applied anywhere while any file has a problem, in any workspace: a run is one
    // change, and half of it landing is what the plan was for avoiding.
    if (all.some((p) => p.plan.problems.length)) throw new RefusedPlanError('Nothing was applied to any workspace: fix the problems marked ! above first.');
    const pending = all.filter((p) => p.plan.changes.length);
    if (!pending.length) return ExitCode.ok;
    if (!parsed.switches.has('--yes')) {
      if (!io.stdin.isTTY) throw new UsageError('refusing to apply without confirmation: pass --yes when not running interactively.');
      if (!(await confirm(io, 'Apply these changes? [y/N] '))) {
        io.out.write('Nothing applied.\n');
        return ExitCode.failed;
      }
    }
    for (const group of byWorkspace(pending)) {
      for (const p of group.items) {
        if (!p.route.ok || !p.state) continue; // a plan with changes was made against its workspace
        io.out.write(`\nApplying ${p.target.shown} to workspace '${group.workspace}':\n`);
        const result = await applyPlan(p.route.api, p.spec, p.plan, p.state, { force: parsed.switches.has('--force'), file: p.target.shown });
        io.out.write(`${formatApplyResult(result)}\n`);
        if (result.failed) return ExitCode.failed;
      }
    }
    return ExitCode.ok;
  });
}

export function runReport(args: string[], io: Io = defaultIo()): Promise<number> {
  return guarded('report', io, async (io) => {
    const parsed = parseArgs(args, [...WORKSPACE_FLAGS, '--format'], []);
    const format = parsed.values.get('--format') ?? 'markdown';
    if (format !== 'markdown' && format !== 'csv') throw new UsageError(`--format must be 'markdown' or 'csv', not '${format}'.`);
    const connections = readConnections(parsed, io.cwd, io.env);
    const targets = await projectFileTargets(parsed.positional, io.cwd);
    if (!targets.length) throw new UsageError('no project files found.');
    let differs = false;
    let failed = false;
    const groups = byWorkspace(await routeTargets(connections, targets));
    // Several files: one CSV table, each row saying its workspace and project.
    const csv = { withProject: targets.length > 1, header: true };
    for (const group of groups) {
      for (const { target, spec, route } of group.items) {
        try {
          if (!route.ok) throw new RefusedPlanError(route.error);
          if (spec.workspace !== undefined && !workspaceMatches(spec.workspace, route.identity)) throw new RefusedPlanError(wrongWorkspaceMessage(target.shown, spec.workspace, route.identity));
          const { report } = await readAccessReport(route.api, spec);
          io.out.write(format === 'csv' ? accessReportCsv(report, csv) : accessReportMarkdown(report));
          csv.header = false;
          differs ||= report.rows.some((r) => r.status !== 'same');
        } catch (e) {
          if (!(e instanceof ZenmlApiError || e instanceof RefusedPlanError)) throw e;
          io.err.write(`${target.shown} (workspace '${group.workspace}'): ${e.message}\n`);
          failed = true;
        }
      }
    }
    return failed ? ExitCode.failed : differs ? ExitCode.changesPending : ExitCode.ok;
  });
}

export function runImport(args: string[], io: Io = defaultIo()): Promise<number> {
  return guarded('import', io, async (io) => {
    const parsed = parseArgs(args, [...WORKSPACE_FLAGS, '--output', '--workspace'], []);
    const [projectId, ...extra] = parsed.positional;
    if (!projectId || extra.length) throw new UsageError('usage: zenml-projects import PROJECT_ID [--output FILE|-] [--workspace NAME]');
    // `-` and /dev/stdout print (opening /dev/stdout fails when it is a socket, as under many CI runners).
    const given = parsed.values.get('--output');
    const output = given === '-' || given === '/dev/stdout' ? undefined : given;
    const file = output === undefined ? undefined : path.resolve(io.cwd, output);
    // Only a regular file is updated in place: /dev/stdout or a pipe is written, never read.
    const existing = file && isRegularFile(file) ? readFileSync(file, 'utf8') : undefined;
    // Importing into a file that names a workspace reads that workspace, and no other.
    const named = existing === undefined ? undefined : declaredWorkspace(existing);
    const asked = parsed.values.get('--workspace');
    if (asked !== undefined && named !== undefined && asked !== named) {
      throw new RefusedPlanError(`${output} is for workspace '${named}', not '${asked}': nothing was imported. Import into another file, or leave out --workspace.`);
    }
    const workspace = asked ?? named;
    const route = await routeFile(readConnections(parsed, io.cwd, io.env), workspace, output ?? `project '${projectId}'`, {
      nothing: 'nothing was imported',
      fix: output === undefined ? 'pass another --workspace' : "fix the file's workspace:",
    });
    if (!route.ok) throw new RefusedPlanError(route.error);
    const state = await readWorkspaceState(route.api, projectId);
    const spec = { ...specFromState(state, projectId), workspace };
    for (const a of foreignAssignments(state, projectId)) io.err.write(`note: ${foreignNote(a)}\n`);
    if (!file) {
      // The terminal gets YAML that still parses: escapes in YAML's form, not printable's.
      io.out.write(printableYaml(renderProjectFile(spec)));
      return ExitCode.ok;
    }
    try {
      writeFileAtomic(file, renderProjectFile(spec, existing, byWorkspaceSubject(state)));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      // writeTarget's refusal of a folder is a whole sentence already.
      if (err.code === 'EISDIR') throw new InputError(err.message);
      const why = err.code === 'ENOENT' ? `its folder ${path.dirname(output!)} does not exist` : (err.code ?? err.message);
      throw new InputError(`could not write ${output} (${why}); nothing was written.`);
    }
    io.err.write(`${existing === undefined ? 'Wrote' : 'Updated'} ${output} from project '${projectId}' on workspace '${workspaceDisplayName(route.identity)}' at ${route.api.url}.\n`);
    return ExitCode.ok;
  });
}

/**
 * `usage [PROJECT...] [--format text|json]`: counts and recent activity per project (default: all).
 * A project that cannot be read (not found, not visible, the server failing on it) gets its
 * error in its place — on stderr as `zenml-projects usage: <message>` in text, as
 * `{"project": ID, "error": MESSAGE}` in the JSON array — and the others are still reported;
 * exit 1 if any failed. A refused credential or an unreachable server stops the run at once:
 * it would fail every project the same way.
 */
export function runUsage(args: string[], io: Io = defaultIo()): Promise<number> {
  return guarded('usage', io, async (io) => {
    const parsed = parseArgs(args, [...WORKSPACE_FLAGS, '--format', '--workspace'], []);
    const format = parsed.values.get('--format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be 'text' or 'json', not '${format}'.`);
    const route = await routeFile(readConnections(parsed, io.cwd, io.env), parsed.values.get('--workspace'), 'usage', { nothing: 'nothing was read', fix: 'pass another --workspace' });
    if (!route.ok) throw new RefusedPlanError(route.error);
    let projects = parsed.positional;
    if (!projects.length) for await (const p of route.api.allProjects()) projects = [...projects, p.name ?? p.id];
    const json: unknown[] = [];
    let failed = false;
    for (const project of projects) {
      try {
        const u = await readProjectUsage(route.api, project);
        if (format === 'json') json.push(u);
        else io.out.write(`${formatUsage(u)}\n`);
      } catch (e) {
        if (!(e instanceof ZenmlApiError) || e.failure !== 'http' || e.status === 401) throw e;
        failed = true;
        if (format === 'json') json.push({ project, error: e.message });
        else io.err.write(`zenml-projects usage: ${e.message}\n`);
      }
    }
    if (format === 'json') io.out.write(`${printableJson(json)}\n`);
    return failed ? ExitCode.failed : ExitCode.ok;
  });
}
