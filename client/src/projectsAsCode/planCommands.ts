/**
 * "Plan project.yaml" and "Apply project.yaml": one implementation each, for the palette (the
 * file is asked for), a project file's editor title and context menus (its URI), the drift lens
 * and the plan document's lens (`{ uri }`), and automation (`{ uri, confirm: false, force }`).
 * Apply shows the plan and asks first unless told `confirm: false` — or unless it is run from the
 * plan document a person has just read and the workspace still plans exactly those changes (as
 * Terraform applies a saved plan without asking again, and refuses a stale one); it applies in the
 * plan's order with a cancellable progress, stops at the first failure, and says exactly what
 * was applied, what failed and what was not — in the plan document and in the log.
 */
import * as vscode from 'vscode';
import { showErrorMessage, showInformationMessage, showWarningMessage } from '../notify';
import type { Ctx } from '../ctx';
import { applyPlan, type ApplyResult } from '../../../core/sync/applyPlan';
import { describeChange, planIsAsReviewed } from '../../../core/sync/formatPlan';
import { leavesNoAdmin } from '../../../core/sync/plan';
import { Dismissed, signalOf } from '../commands/commandSupport';
import { nodeOf } from '../commands/targets';
import { log } from '../log';
import { readFilePlan, workspaceNameOf, type FilePlan } from './filePlan';
import { PlanDocuments } from './planDocuments';
import { resolveProjectFile } from './projectFileDocuments';


/** What Plan returns to whoever ran it. */
export interface PlanOutcome {
  file: string;
  projectId: string;
  /** The workspace's name. */
  workspace: string;
  url: string;
  /** Each change as the plan document words it. */
  changes: string[];
  problems: string[];
  /** The plan document's URI. */
  document: string;
}

export interface ApplyArgs {
  /** The project file. */
  uri?: string;
  /** false: apply without showing the plan or asking (automation). */
  confirm?: boolean;
  /** Apply even if it leaves the project without a Project Admin. */
  force?: boolean;
  /**
   * The changes the plan document showed when Apply was clicked there (its lens passes them): when
   * the fresh plan is exactly these, they were reviewed already and Apply does not ask again.
   */
  reviewed?: readonly string[];
}

export interface ApplyOutcome extends PlanOutcome {
  applied: string[];
  failed?: { change: string; error: string };
  notApplied: string[];
  cancelled: boolean;
}

function argsOf(arg: unknown): ApplyArgs {
  return arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) && !nodeOf(arg) ? (arg as ApplyArgs) : {};
}

function outcomeOf(p: FilePlan, document: vscode.Uri): PlanOutcome {
  return { file: p.uri.toString(), projectId: p.spec.id, workspace: workspaceNameOf(p.session), url: p.state.url, changes: p.plan.changes.map(describeChange), problems: p.plan.problems, document: document.toString() };
}

function applicable(p: FilePlan): number {
  return p.plan.problems.length ? 0 : p.plan.changes.length;
}

export async function planProjectFile(ctx: Ctx, arg: unknown): Promise<PlanOutcome> {
  const uri = await resolveProjectFile(ctx.projectFiles, arg, vscode.l10n.t('Plan project.yaml'));
  const p = await readFilePlan(ctx, uri);
  const document = ctx.plans.set(p, PlanDocuments.render(p), applicable(p));
  await ctx.plans.show(document);
  return outcomeOf(p, document);
}

/** Lists the changes for the confirmation, shortened when there are many. */
function changeList(p: FilePlan): string {
  const lines = p.plan.changes.map(describeChange);
  const shown = lines.slice(0, 15);
  if (lines.length > shown.length) shown.push(vscode.l10n.t('… and {0} more (see the plan)', lines.length - shown.length));
  return shown.join('\n');
}

export async function applyProjectFile(ctx: Ctx, arg: unknown): Promise<ApplyOutcome> {
  const args = argsOf(arg);
  // The plan document's title bar passes the document itself: what it shows was reviewed.
  const reviewed = args.reviewed ?? (arg instanceof vscode.Uri ? ctx.plans.reviewedChanges(arg) : undefined);
  const confirm = args.confirm !== false;
  let force = args.force === true;
  const uri = await resolveProjectFile(ctx.projectFiles, arg, vscode.l10n.t('Apply project.yaml'));
  const p = await readFilePlan(ctx, uri);
  const workspace = workspaceNameOf(p.session);
  let document = ctx.plans.set(p, PlanDocuments.render(p), applicable(p));
  if (confirm) await ctx.plans.show(document);
  const nothing = { ...outcomeOf(p, document), applied: [], notApplied: [], cancelled: false };

  if (p.plan.problems.length) {
    throw new Error(vscode.l10n.t('The plan for {0} cannot be applied, nothing was changed: {1}', p.shown, p.plan.problems.join(' ')));
  }
  if (!p.plan.changes.length) {
    void showInformationMessage(vscode.l10n.t('{0} is in sync with {1}: nothing to apply.', p.shown, workspace));
    return nothing;
  }
  if (!force && leavesNoAdmin(p.spec, p.plan)) {
    const problem = vscode.l10n.t("Applying {0} would leave the project '{1}' without a Project Admin: project.yaml gives nobody the admin role.", p.shown, p.spec.id);
    if (!confirm) throw new Error(`${problem} ${vscode.l10n.t('Add an admin member, or apply with force.')}`);
    const anyway = vscode.l10n.t('Apply Without an Admin');
    const choice = await showWarningMessage(problem, { modal: true, detail: vscode.l10n.t('Afterwards only workspace admins can manage its members. Add a member with role admin to avoid this.') }, anyway);
    if (choice !== anyway) throw new Dismissed();
    force = true;
  }
  const alreadyReviewed = reviewed !== undefined && planIsAsReviewed(p.plan, reviewed);
  if (confirm && !alreadyReviewed) {
    const n = p.plan.changes.length;
    const button = n === 1 ? vscode.l10n.t('Apply 1 Change') : vscode.l10n.t('Apply {0} Changes', n);
    const question =
      reviewed === undefined
        ? vscode.l10n.t("Apply {0} to the project '{1}' on {2}?", p.shown, p.spec.id, workspace)
        : vscode.l10n.t("The plan changed since it was shown: the workspace or {0} changed. Apply the new plan to the project '{1}' on {2}?", p.shown, p.spec.id, workspace);
    const choice = await showWarningMessage(question, { modal: true, detail: changeList(p) }, button);
    if (choice !== button) throw new Dismissed();
  }

  const n = p.plan.changes.length;
  let cancelled = false;
  const result: ApplyResult = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t("Applying {0} to '{1}' on {2}", p.shown, p.spec.id, workspace), cancellable: true },
    (progress, token) => {
      const signal = signalOf(token);
      let step = 0;
      return applyPlan(p.session.api, p.spec, p.plan, p.state, {
        force,
        file: p.shown,
        signal,
        onStep: (c) => {
          step++;
          progress.report({ message: `${step}/${n}: ${describeChange(c)}`, increment: step > 1 ? 100 / n : 0 });
        },
      }).finally(() => (cancelled = signal.aborted));
    },
  );

  document = ctx.plans.set(p, PlanDocuments.render(p, result, cancelled), 0);
  const summary = result.failed
    ? vscode.l10n.t('{0} applied, 1 failed, {1} not applied', result.applied.length, result.notApplied.length)
    : vscode.l10n.t('{0} applied', result.applied.length);
  log().info(`Apply ${p.shown} to '${p.spec.id}' at ${p.state.url}: ${summary}${result.failed ? ` (failed: ${describeChange(result.failed.change)}: ${result.failed.error})` : ''}`);

  // What the workspace holds now: the lens, the warnings and the tree follow.
  await ctx.tracker.refresh(p.session, p.spec.id);
  void ctx.refresh();

  const showPlan = vscode.l10n.t('Show Plan');
  const reveal = (choice: string | undefined) => {
    if (choice === showPlan) void ctx.plans.show(document);
  };
  if (cancelled) void showWarningMessage(vscode.l10n.t("Cancelled applying {0}: {1}.", p.shown, summary), showPlan).then(reveal);
  else if (result.failed) void showErrorMessage(vscode.l10n.t('Stopped at the first failure: {0}. {1}', summary, result.failed.error), showPlan).then(reveal);
  else void showInformationMessage(vscode.l10n.t("Applied {0} to the project '{1}' on {2}.", n === 1 ? vscode.l10n.t('1 change') : vscode.l10n.t('{0} changes', n), p.spec.id, workspace));
  if (confirm && (cancelled || result.failed)) await ctx.plans.show(document);

  return {
    ...outcomeOf(p, document),
    applied: result.applied.map(describeChange),
    failed: result.failed && { change: describeChange(result.failed.change), error: result.failed.error },
    notApplied: result.notApplied.map(describeChange),
    cancelled,
  };
}
