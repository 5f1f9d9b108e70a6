/**
 * Clean Up…: deletes a project's unused artifact versions, with the use case the CLI's `prune`
 * runs (core/sync/artifactPrune.ts). One implementation for the project row's menu and the
 * palette (which asks for the project): an age choice, the versions found (all checked; uncheck
 * what to keep), a modal confirmation, a cancellable progress notification while deleting, and a
 * result that says what the workspace refused, with the list in the output channel. The tree's
 * project is read again afterwards.
 *
 * Automation (and the tests) may give the answers: `{ project, olderThanDays: number | null,
 * versions: [uuid…], confirm: false }`; on a tree node, the same fields beside the node's.
 */
import * as vscode from 'vscode';
import {
  ageInDays,
  countOutcomes,
  createdAt,
  deleteArtifactVersions,
  formatOutcome,
  keptReason,
  listUnusedArtifactVersions,
  MAX_AGE_DAYS,
  othersVersions,
  parseAgeDays,
  versionLabel,
  type PruneListing,
  type PruneResult,
  type UnusedVersion,
} from '../../../core/sync/artifactPrune';
import type { Ctx } from '../ctx';
import type { WorkspaceSession } from '../model/workspaceSession';
import { log } from '../log';
import { showInformationMessage, showWarningMessage } from '../notify';
import { Dismissed, required, signalOf } from './commandSupport';
import { resolveProject } from './targets';

export interface CleanUpArgs {
  project?: string;
  /** Only versions older than this many days; null: all. Asked when absent. */
  olderThanDays?: number | null;
  /** The versions to delete, by UUID, among those found; asked (all checked) when absent. */
  versions?: string[];
  /** false: no confirmation dialog. */
  confirm?: boolean;
}

export interface CleanUpResult {
  project: string;
  olderThanDays: number | null;
  /** What was found: to delete, and kept (linked to a model version, or its links unreadable). */
  found: string[];
  kept: string[];
  /** Of `found`, those the caller created (a Contributor may delete only these). */
  yours: string[];
  /** Chosen and deleted, by `name:version`. */
  deleted: string[];
  refused: string[];
  gone: string[];
  /** Checked again just before deleting: in use by then, so kept. */
  inUse: string[];
  /** The DELETE was sent and its answer lost: may or may not have been deleted. */
  unknown: string[];
  failed: string[];
  notAttempted: string[];
  stopped: string | null;
}

/** The age choices, in days (null: every unused version). */
const AGES = [null, 30, 90] as const;

interface Choice<T> extends vscode.QuickPickItem {
  value: T;
}

/** What the open Clean Up quick pick shows, for tests and automation. */
export interface CleanUpPickSnapshot {
  title?: string;
  placeholder?: string;
  canPickMany: boolean;
  items: { label: string; description?: string; detail?: string }[];
  selected: string[];
  active: string[];
}

let openPick: vscode.QuickPick<Choice<unknown>> | undefined;

export function cleanUpPickSnapshot(): CleanUpPickSnapshot | undefined {
  const p = openPick;
  if (!p) return undefined;
  return {
    title: p.title,
    placeholder: p.placeholder,
    canPickMany: p.canSelectMany,
    items: p.items.map((i) => ({ label: i.label, description: i.description, detail: i.detail })),
    selected: p.selectedItems.map((i) => i.label),
    active: p.activeItems.map((i) => i.label),
  };
}

/** A quick pick (one or several), resolving with the accepted items; Dismissed on Escape. */
function pick<T>(title: string, placeholder: string, items: Choice<T>[], many: boolean): Promise<Choice<T>[]> {
  const qp = vscode.window.createQuickPick<Choice<T>>();
  qp.title = title;
  qp.placeholder = placeholder;
  qp.canSelectMany = many;
  qp.matchOnDescription = true;
  qp.ignoreFocusOut = true;
  qp.items = items;
  if (many) qp.selectedItems = items;
  openPick = qp as unknown as vscode.QuickPick<Choice<unknown>>;
  return new Promise<Choice<T>[]>((resolve, reject) => {
    let done = false;
    qp.onDidAccept(() => {
      done = true;
      resolve(many ? [...qp.selectedItems] : [...qp.activeItems]);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (openPick === (qp as unknown)) openPick = undefined;
      qp.dispose();
      if (!done) reject(new Dismissed());
    });
    qp.show();
  });
}

function daysPhrase(days: number | null): string {
  if (days === null) return vscode.l10n.t('all unused versions');
  return days === 1 ? vscode.l10n.t('older than 1 day') : vscode.l10n.t('older than {0} days', days);
}

/** The age filter: all, 30 or 90 days, or a number typed in. */
async function askAge(title: string): Promise<number | null> {
  const custom = Symbol('custom');
  const items: Choice<number | null | typeof custom>[] = [
    ...AGES.map((days) => ({
      label: days === null ? vscode.l10n.t('All unused artifact versions') : vscode.l10n.t('Older than {0} days', days),
      value: days,
    })),
    { label: vscode.l10n.t('Older than…'), description: vscode.l10n.t('a number of days'), value: custom },
  ];
  const [chosen] = await pick(title, vscode.l10n.t('Which unused artifact versions? (Unused: no pipeline run made or read them.)'), items, false);
  if (!chosen) throw new Dismissed();
  if (chosen.value !== custom) return chosen.value as number | null;
  const typed = required(
    await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('Clean up versions created at least this many days ago.'),
      value: '60',
      validateInput: (v) => (parseAgeDays(v) !== undefined ? undefined : vscode.l10n.t('Type a whole number of days, from 0 to {0}.', MAX_AGE_DAYS)),
    }),
  );
  return parseAgeDays(typed) ?? 0;
}

function createdText(v: UnusedVersion): string {
  const d = createdAt(v);
  const date = Number.isNaN(d.getTime()) ? v.created : d.toLocaleDateString();
  if (v.createdByYou) return vscode.l10n.t('created {0} by you', date);
  return v.creator ? vscode.l10n.t('created {0} by {1}', date, v.creator) : vscode.l10n.t('created {0}', date);
}

/** How old a candidate is, beside the age choices: "Created 120 days ago — older than 90 days". */
function ageText(v: UnusedVersion, now: Date): string {
  const age = ageInDays(v, now);
  const threshold = [90, 30].find((d) => age >= d);
  if (threshold !== undefined) return vscode.l10n.t('Created {0} days ago, older than {1} days', age, threshold);
  if (age === 0) return vscode.l10n.t('Created today');
  return age === 1 ? vscode.l10n.t('Created 1 day ago, within the last 30 days') : vscode.l10n.t('Created {0} days ago, within the last 30 days', age);
}

/** Lists with the session the project was resolved in, which the deletion uses too. */
async function findVersions(session: WorkspaceSession, project: string, olderThanDays: number | null): Promise<PruneListing> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking for unused artifact versions in {0}…', project), cancellable: true },
      (progress, token) =>
        listUnusedArtifactVersions(session.api, project, {
          olderThanDays: olderThanDays ?? undefined,
          signal: signalOf(token),
          onProgress: (p) => progress.report({ message: p.phase === 'listing' ? vscode.l10n.t('{0} found', p.done) : vscode.l10n.t('checking {0} of {1} for model links', p.done, p.total) }),
        }),
    ),
  );
}

/** The result, in one sentence: what was deleted, and what was refused, gone, failed or left. */
function resultMessage(r: PruneResult, project: string): string {
  const c = countOutcomes(r);
  const parts = [c.deleted === 1 ? vscode.l10n.t('Deleted 1 unused artifact version from {0}.', project) : vscode.l10n.t('Deleted {0} unused artifact versions from {1}.', c.deleted, project)];
  if (c.refused) parts.push(vscode.l10n.t('Your role refused {0} — ask a project admin.', c.refused));
  if (c.gone) parts.push(vscode.l10n.t('{0} had already been deleted.', c.gone));
  if (c.inUse) parts.push(c.inUse === 1 ? vscode.l10n.t('1 was kept: it is now in use.') : vscode.l10n.t('{0} were kept: they are now in use.', c.inUse));
  if (c.failed) parts.push(vscode.l10n.t('{0} failed.', c.failed));
  if (c.unknown) parts.push(vscode.l10n.t('{0} may or may not have been deleted: the workspace stopped answering after the request was sent.', c.unknown));
  if (r.stopped) parts.push(r.stopped.message);
  return parts.join(' ');
}

export async function cleanUpProject(ctx: Ctx, arg: unknown): Promise<CleanUpResult> {
  const args = (arg && typeof arg === 'object' ? arg : {}) as CleanUpArgs;
  const { session, project } = await resolveProject(ctx, arg, vscode.l10n.t('Clean Up Project'));
  const id = project.name ?? project.id;
  const title = vscode.l10n.t('Clean Up {0}', id);
  const olderThanDays = args.olderThanDays !== undefined ? args.olderThanDays : await askAge(title);
  const listing = await findVersions(session, id, olderThanDays);
  const kept = listing.kept.map(versionLabel);
  const result: CleanUpResult = {
    project: id,
    olderThanDays,
    found: listing.candidates.map(versionLabel),
    kept,
    yours: listing.candidates.filter((v) => v.createdByYou).map(versionLabel),
    deleted: [],
    refused: [],
    gone: [],
    inUse: [],
    unknown: [],
    failed: [],
    notAttempted: [],
    stopped: null,
  };
  for (const k of listing.kept) log().info(`Clean up ${id}: kept ${versionLabel(k)}: ${keptReason(k)}`);
  const keptNote = !kept.length
    ? ''
    : ' ' + (kept.length === 1 ? vscode.l10n.t('1 more is unused by runs but kept: it is linked to a model version, or its links could not be read.') : vscode.l10n.t('{0} more are unused by runs but kept: they are linked to a model version, or their links could not be read.', kept.length));
  const others = othersVersions(listing);
  // What is known before the workspace decides: whose versions these are, and what each role may delete.
  const othersNote = !others
    ? ''
    : ' ' + (listing.you === null ? vscode.l10n.t('The workspace did not say who you are: a Contributor may delete only the versions they created, a Viewer none.') : vscode.l10n.t('Other users created {0} of them: a Contributor may delete only the versions they created, a Viewer none.', others));

  if (!listing.candidates.length) {
    void showInformationMessage(vscode.l10n.t('No unused artifact versions to clean up in {0} ({1}).', id, daysPhrase(olderThanDays)) + keptNote);
    return result;
  }

  let chosen: UnusedVersion[];
  if (args.versions) {
    const wanted = new Set(args.versions);
    chosen = listing.candidates.filter((v) => wanted.has(v.id));
  } else {
    const now = new Date();
    const items: Choice<UnusedVersion>[] = listing.candidates.map((v) => ({ label: versionLabel(v), description: createdText(v), detail: ageText(v, now), value: v }));
    const n = listing.candidates.length;
    const placeholder = (n === 1 ? vscode.l10n.t('1 unused artifact version ({0}); uncheck it to keep it.', daysPhrase(olderThanDays)) : vscode.l10n.t('{0} unused artifact versions ({1}); uncheck those to keep.', n, daysPhrase(olderThanDays))) + othersNote + keptNote;
    chosen = (await pick(title, placeholder, items, true)).map((i) => i.value);
  }
  if (!chosen.length) throw new Dismissed();

  if (args.confirm !== false) {
    const yes = vscode.l10n.t('Delete');
    const answer = await showWarningMessage(
      chosen.length === 1 ? vscode.l10n.t('Delete 1 unused artifact version from {0}?', id) : vscode.l10n.t('Delete {0} unused artifact versions from {1}?', chosen.length, id),
      {
        modal: true,
        detail: vscode.l10n.t("Only their metadata is deleted: the files in the artifact store stay. The workspace refuses what your role does not allow (a Contributor may delete only what they created); the rest goes on."),
      },
      yes,
    );
    if (answer !== yes) throw new Dismissed();
  }

  const run = await Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting unused artifact versions from {0}…', id), cancellable: true },
      (progress, token) =>
        deleteArtifactVersions(session.api, id, chosen, {
          signal: signalOf(token),
          onProgress: ({ done, total }) => progress.report({ increment: 100 / total, message: vscode.l10n.t('{0} of {1}', done, total) }),
        }),
    ),
  );

  log().info(`Clean up ${id}: ${chosen.length} chosen of ${listing.candidates.length} unused artifact versions (${olderThanDays === null ? 'all' : `older than ${olderThanDays} days`})`);
  for (const o of run.outcomes) log().info(`Clean up ${id}: ${formatOutcome(o)}`);
  for (const v of run.notAttempted) log().info(`Clean up ${id}: not attempted ${versionLabel(v)}`);
  if (run.stopped) log().warn(`Clean up ${id}: ${run.stopped.message}`);
  const kinds = { deleted: result.deleted, refused: result.refused, gone: result.gone, 'in-use': result.inUse, unknown: result.unknown, failed: result.failed };
  for (const o of run.outcomes) kinds[o.result].push(versionLabel(o.version));
  result.notAttempted = run.notAttempted.map(versionLabel);
  result.stopped = run.stopped?.message ?? null;

  // The project's lists (and counts) are read again.
  const node = ctx.tree.loadedProjects().find((n) => n.project.id === project.id);
  if (node) ctx.tree.reload(node.key);

  const details = vscode.l10n.t('Show Details');
  const c = countOutcomes(run);
  const message = resultMessage(run, id);
  const show = c.refused || c.failed || c.unknown || c.notAttempted || run.stopped ? showWarningMessage : showInformationMessage;
  void show(message, details).then((choice) => choice === details && log().show(true));
  return result;
}
