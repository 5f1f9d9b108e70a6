/**
 * `zenml-projects prune PROJECT [--older-than DAYS] [--dry-run] [--yes] [--format text|json]
 * [--workspace NAME]`: a project's unused artifact versions (core/sync/artifactPrune.ts), shown
 * first, then deleted after a confirmation (or `--yes`). Exit codes (common/exitCodes.ts): 0 done
 * or nothing to delete (versions gone or now in use included); 2 `--dry-run` found something to
 * delete; 1 anything refused, failed, of unknown outcome or not attempted, the question declined
 * (as `apply`), or the listing failed; 64 usage.
 */
import { ExitCode } from '../../common/exitCodes';
import { plural } from '../../common/plural';
import { printableJson } from '../../common/terminalText';
import {
  countOutcomes,
  deleteArtifactVersions,
  formatOutcome,
  keptReason,
  listUnusedArtifactVersions,
  MAX_AGE_DAYS,
  othersVersions,
  parseAgeDays,
  pruneSucceeded,
  versionLabel,
  type DeletionOutcome,
  type PruneListing,
  type PruneResult,
  type UnusedVersion,
} from '../../core/sync/artifactPrune';
import { RefusedPlanError } from '../../core/sync/applyPlan';
import { workspaceDisplayName } from '../../core/sync/workspaceTarget';
import { parseArgs } from './commandLine';
import { UsageError } from './projectFileTargets';
import { confirm, defaultIo, guarded, type Io } from './syncCommands';
import { readConnections, routeFile, WORKSPACE_FLAGS, type RouteWording } from './workspaceRouting';

/** prune's words for a workspace it could not use. */
const PRUNE_ROUTE: RouteWording = { nothing: 'nothing was listed or deleted', fix: 'pass another --workspace' };

const USAGE_LINE = 'usage: zenml-projects prune PROJECT [--older-than DAYS] [--dry-run] [--yes] [--format text|json] [--workspace NAME]';

/** DAYS: a whole number of days, 0 to MAX_AGE_DAYS. */
function parseDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = parseAgeDays(value);
  if (days === undefined) throw new UsageError(`--older-than takes a whole number of days from 0 to ${MAX_AGE_DAYS}, not '${value}'.`);
  return days;
}

function line(v: UnusedVersion, width: number): string {
  return `${versionLabel(v).padEnd(width)}  created ${v.created.slice(0, 10)}  by ${v.creator ?? 'an unknown user'}${v.createdByYou ? ' (you)' : ''}`;
}

/**
 * What is known before asking the workspace about the role: how many candidates others created,
 * and what each role may delete (the server decides). Empty when all are the caller's.
 */
export function othersNote(l: PruneListing): string {
  const others = othersVersions(l);
  if (!others) return '';
  const which = l.you === null ? 'The workspace did not say who you are' : others === l.candidates.length ? 'Other users created all of them' : `Other users created ${others} of them`;
  return `${which}: a Contributor may delete only the versions they created, a Viewer none.`;
}

/** What would go and what is kept, for a terminal. */
export function formatListing(l: PruneListing, where: string): string {
  const age = l.olderThanDays === null ? '' : ` older than ${plural(l.olderThanDays, 'day')}`;
  const width = Math.max(0, ...[...l.candidates, ...l.kept].map((v) => versionLabel(v).length));
  const out: string[] = [];
  if (l.candidates.length) {
    out.push(`Unused artifact versions${age} in project '${l.project}' (${where}):`);
    for (const v of l.candidates) out.push(`  - ${line(v, width)}`);
  } else {
    out.push(`No unused artifact versions${age} to delete in project '${l.project}' (${where}).`);
  }
  if (l.kept.length) {
    out.push(
      l.kept.every((k) => k.reason === 'model-version-link')
        ? "Kept: unused by runs, but linked to a model version (deleting them would take a model's artifact away):"
        : 'Kept: unused by runs, but linked to a model version, or their model links could not be read (nothing is deleted unchecked):',
    );
    for (const k of l.kept) out.push(`  = ${line(k, width)}  — ${keptReason(k)}`);
  }
  out.push(`${plural(l.candidates.length, 'artifact version')} to delete, ${l.kept.length} kept.`);
  const note = othersNote(l);
  if (note) out.push(note);
  return `${out.join('\n')}\n`;
}

/** The closing sentence of a deletion run. */
export function formatResult(r: PruneResult, project: string, asked: number): string {
  const c = countOutcomes(r);
  const parts = [`Deleted ${c.deleted} of ${plural(asked, 'unused artifact version')} from project '${project}'.`];
  if (c.gone) parts.push(`${c.gone} had already been deleted.`);
  if (c.inUse) parts.push(`${c.inUse} ${c.inUse === 1 ? 'was' : 'were'} kept: now in use.`);
  if (c.refused) parts.push(`Your role refused ${c.refused} — ask a project admin.`);
  if (c.failed) parts.push(`${c.failed} failed.`);
  if (c.unknown) parts.push(`${c.unknown} may or may not have been deleted: the workspace stopped answering after the request was sent.`);
  if (c.notAttempted) parts.push(`${c.notAttempted} not attempted.`);
  if (c.deleted) parts.push("Only their metadata was deleted: the files in the artifact store stay.");
  return parts.join(' ');
}

/** The JSON document of a run: the listing, and what happened (null only on a dry run). */
function pruneJson(l: PruneListing, workspace: string, url: string, dryRun: boolean, r: PruneResult | null): unknown {
  const of = (kind: DeletionOutcome['result']) => r?.outcomes.filter((o) => o.result === kind).map((o) => ({ ...o.version, ...('reason' in o ? { reason: o.reason } : {}), ...('detail' in o && o.detail ? { detail: o.detail } : {}) })) ?? [];
  return {
    project: l.project,
    workspace,
    url,
    olderThanDays: l.olderThanDays,
    cutoff: l.cutoff,
    dryRun,
    candidates: l.candidates,
    you: l.you,
    kept: l.kept.map((k) => ({
      id: k.id,
      artifact: k.artifact,
      version: k.version,
      created: k.created,
      creator: k.creator,
      creatorId: k.creatorId,
      createdByYou: k.createdByYou,
      reason: keptReason(k),
      modelVersion: k.reason === 'model-version-link' ? k.modelVersion : null,
      links: k.reason === 'model-version-link' ? k.links : null,
    })),
    result: r && { deleted: of('deleted'), refused: of('refused'), gone: of('gone'), inUse: of('in-use'), unknown: of('unknown'), failed: of('failed'), notAttempted: r.notAttempted, stopped: r.stopped },
  };
}

export function runPrune(args: string[], io: Io = defaultIo()): Promise<number> {
  return guarded('prune', io, async (io) => {
    const parsed = parseArgs(args, [...WORKSPACE_FLAGS, '--older-than', '--format', '--workspace'], ['--dry-run', '--yes']);
    const [project, ...extra] = parsed.positional;
    if (!project || extra.length) throw new UsageError(project ? `prune takes one project, not ${parsed.positional.length}. ${USAGE_LINE}` : `which project? ${USAGE_LINE}`);
    const olderThanDays = parseDays(parsed.values.get('--older-than'));
    const format = parsed.values.get('--format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be 'text' or 'json', not '${format}'.`);
    const dryRun = parsed.switches.has('--dry-run');
    const yes = parsed.switches.has('--yes');
    if (dryRun && yes) throw new UsageError('pass --dry-run or --yes, not both.');
    // Decided before anything is read: a job that can never delete fails at once, and JSON output asks nothing.
    if (!dryRun && !yes && format === 'json') throw new UsageError('--format json asks nothing: pass --dry-run to list, or --yes to delete.');
    if (!dryRun && !yes && !io.stdin.isTTY) throw new UsageError('refusing to delete without confirmation: pass --yes to delete, or --dry-run to list only, when not running interactively.');

    const route = await routeFile(readConnections(parsed, io.cwd, io.env), parsed.values.get('--workspace'), `project '${project}'`, PRUNE_ROUTE);
    if (!route.ok) throw new RefusedPlanError(route.error);
    const workspace = workspaceDisplayName(route.identity);
    const where = `workspace '${workspace}' at ${route.api.url}`;
    const listing = await listUnusedArtifactVersions(route.api, project, { olderThanDays });
    const text = format === 'text';
    if (text) io.out.write(formatListing(listing, where));
    const n = listing.candidates.length;

    if (dryRun || n === 0) {
      if (text && dryRun && n) io.out.write('Dry run: nothing was deleted. Run again with --yes to delete them.\n');
      // Not a dry run, with nothing to delete: a result with nothing in it, so `result` is null on a dry run only.
      else if (format === 'json') io.out.write(`${printableJson(pruneJson(listing, workspace, route.api.url, dryRun, dryRun ? null : { outcomes: [], notAttempted: [], stopped: null }))}\n`);
      return dryRun && n ? ExitCode.changesPending : ExitCode.ok;
    }
    if (!yes && !(await confirm(io, `Delete ${plural(n, 'unused artifact version')} from project ${listing.project}? [y/N] `))) {
      io.out.write('Nothing deleted.\n');
      return ExitCode.failed;
    }
    const result = await deleteArtifactVersions(route.api, listing.project, listing.candidates, {
      onProgress: ({ outcome }) => text && io.out.write(`${formatOutcome(outcome)}\n`),
    });
    if (text) io.out.write(`${formatResult(result, listing.project, n)}\n`);
    else io.out.write(`${printableJson(pruneJson(listing, workspace, route.api.url, false, result))}\n`);
    if (result.stopped) io.err.write(`${result.stopped.message}\n`);
    return pruneSucceeded(result) ? ExitCode.ok : ExitCode.failed;
  });
}
