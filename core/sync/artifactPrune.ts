/**
 * Cleaning up a project's unused artifact versions: one use case for the CLI's `prune` and the
 * editor's "Clean up…". It lists what would go, says what is kept and why, and deletes a chosen
 * set one version at a time, reporting each outcome. Pure apart from the ZenmlApi it is given.
 *
 * What "unused" means is the workspace's: ZenML's `only_unused=true` filter on
 * `GET /api/v1/artifact_versions` — versions that are neither an output nor an input of any step
 * run — as `zenml artifact prune` uses it (zenml `src/zenml/cli/artifact.py`:
 * `depaginate(partial(client.list_artifact_versions, only_unused=True))`). In the released ZenML
 * versions (0.84 and the current release) that filter does not look at model versions, so a
 * version linked only to a model version (a model's weights saved with `save_artifact` and
 * `link_artifact_to_model`) counts as unused there. Deleting it would take the model's artifact
 * away, so each candidate is checked with `GET /api/v1/model_version_artifacts?artifact_version_id=`
 * and a linked one is kept, with the model version named. That route lists every link to anyone
 * signed in (zenml `model_versions_endpoints.py`, `list_model_version_artifact_links`: no
 * permission check), dehydrating at most what the caller may not read; a check that fails for
 * any other reason keeps the version too: nothing is deleted on an answer we could not read.
 *
 * Between listing and deleting (the user reads the list, answers a prompt), a version can become
 * used: each is checked again just before its DELETE (still returned by `only_unused=true` with
 * its `id`, still without links), and one in use by then is kept and reported so.
 *
 * Deleting goes one version at a time (`DELETE /api/v1/artifact_versions/{id}`), not through the
 * server's bulk `DELETE /api/v1/artifact_versions` (prune by project): that one has no age filter,
 * no dry run and no per-version refusal. Only the metadata is deleted: the artifact store's files
 * stay (as `zenml artifact prune --only-metadata`), and so do artifacts left without versions (as
 * the bulk route's default `only_versions=true`). The workspace decides what the caller's role
 * may delete (a Viewer nothing, a Contributor what they created, a Developer or Admin anything);
 * each refusal is reported and the rest goes on.
 */
import pLimit from 'p-limit';
import { ZenmlApiError } from '../../common/api/apiError';
import type { ArtifactVersion, Project } from '../../common/api/types';
import type { ZenmlApi } from '../../common/api/zenmlApi';
import { filterTime } from './projectUsage';

/** An unused artifact version, as shown before deleting it. */
export interface UnusedVersion {
  /** The artifact version's UUID. */
  id: string;
  /** The artifact's name. */
  artifact: string;
  /** The version (a number or a custom name). */
  version: string;
  /** ISO-8601 creation time, as the workspace sent it (UTC). */
  created: string;
  /** The creator's user name, or null when the workspace does not say (deleted user, hidden). */
  creator: string | null;
  /** The creator's user UUID (`body.user_id`), or null when the workspace does not say. */
  creatorId: string | null;
  /**
   * Created by the caller (`GET /current-user`). A Contributor may delete only these; the
   * workspace decides, this only says what is known before asking it.
   */
  createdByYou: boolean;
}

/** An unused version that is kept, and why. */
export type KeptVersion = UnusedVersion &
  (
    | {
        reason: 'model-version-link';
        /** The model version it is linked to (the first of them), when it could be read: model name and version. */
        modelVersion: { model: string; version: string } | null;
        /** How many model versions it is linked to. */
        links: number;
      }
    | {
        /** Its model links could not be read (refused, a server error, an answer we could not use): kept, never deleted blind. */
        reason: 'links-unreadable';
        /** The API's sentence, redacted. */
        detail: string;
      }
  );

/** What a clean-up of one project would delete and what it keeps. */
export interface PruneListing {
  /** The project's ID (ZenML `name`). */
  project: string;
  /** The project's UUID. */
  projectUuid: string;
  /** Only versions created at or before this time (ISO-8601 UTC), or null for all. */
  cutoff: string | null;
  olderThanDays: number | null;
  /** What would be deleted: by artifact name, oldest first within an artifact. */
  candidates: UnusedVersion[];
  /** Unused by runs, but kept (linked to a model version, or its links unreadable), in the same order. */
  kept: KeptVersion[];
  /** The caller's user name (`GET /current-user`), or null when it could not be read. */
  you: string | null;
}

/** How many candidates others created: what a Contributor's role may refuse, and a Viewer's surely. */
export function othersVersions(l: Pick<PruneListing, 'candidates'>): number {
  return l.candidates.filter((v) => !v.createdByYou).length;
}

export interface ListOptions {
  /** Only versions created at least this many days (of 24 h) before `now`; a non-negative number. */
  olderThanDays?: number;
  now?: Date;
  signal?: AbortSignal;
  /** Model-link checks in flight at once (default 4). */
  concurrency?: number;
  /** Called as versions are read and checked, for a progress display. */
  onProgress?: (p: { phase: 'listing' | 'checking'; done: number; total: number }) => void;
}

/** Page size for the listing: ZenML's lists take up to 10,000; 100 keeps each answer small. */
const PAGE_SIZE = 100;
const DAY_MS = 24 * 3600 * 1000;

/** The largest age filter taken, in days (a century): beyond it dates leave ZenML's filter format. */
export const MAX_AGE_DAYS = 36_500;

/** An age filter as typed ("30"): a whole number of days from 0 to MAX_AGE_DAYS, else undefined. */
export function parseAgeDays(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{1,6}$/.test(t)) return undefined;
  const n = Number(t);
  return n <= MAX_AGE_DAYS ? n : undefined;
}

/** The moment before which versions are "older than" `days` days, as of `now`. */
export function cutoffOf(days: number, now: Date): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

function describe(v: ArtifactVersion, you: string | null): UnusedVersion {
  const user = (v.resources as { user?: { id?: string; name?: string } | null } | null | undefined)?.user;
  const creatorId = (v.body as { user_id?: string | null } | undefined)?.user_id ?? user?.id ?? null;
  return {
    id: v.id,
    artifact: v.body?.artifact?.name ?? v.body?.artifact?.id ?? '?',
    version: v.body?.version ?? '?',
    created: v.body?.created ?? '',
    creator: user?.name ?? null,
    creatorId,
    createdByYou: you !== null && creatorId === you,
  };
}

/** The caller, or null when `/current-user` cannot be read (the marks are then left off; nothing depends on them). */
async function currentUser(api: ZenmlApi, signal?: AbortSignal): Promise<{ id: string; name: string } | null> {
  try {
    const u = await api.currentUser(signal);
    return { id: u.id, name: u.name ?? u.id };
  } catch (e) {
    if (e instanceof ZenmlApiError && e.status !== 401 && e.failure !== 'cancelled') return null;
    throw e;
  }
}

/** Fatal for a whole run: no further request can succeed, or the caller stopped it. */
function stopsEverything(e: ZenmlApiError): boolean {
  return e.status === 401 || e.failure === 'unreachable' || e.failure === 'timeout' || e.failure === 'cancelled';
}

/** When a version was created; ZenML sends UTC times without a zone, which are read as UTC. */
export function createdAt(v: Pick<UnusedVersion, 'created'>): Date {
  const iso = v.created;
  return new Date(iso.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
}

/** Whole days (of 24 h) since the version was created, as of `now`; 0 for a future or unreadable time. */
export function ageInDays(v: Pick<UnusedVersion, 'created'>, now: Date): number {
  const ms = now.getTime() - createdAt(v).getTime();
  return Number.isFinite(ms) && ms > 0 ? Math.floor(ms / DAY_MS) : 0;
}

/** `name:version`, as ZenML names an artifact version. */
export function versionLabel(v: Pick<UnusedVersion, 'artifact' | 'version'>): string {
  return `${v.artifact}:${v.version}`;
}

/**
 * Lists the unused artifact versions of `project` (its ID or UUID), optionally only those older
 * than `olderThanDays`, every page of them, and sorts out the ones linked to a model version.
 * Throws the API's ZenmlApiError: the project not found (404), the credentials refused (401),
 * the workspace unreachable; an answer the contract does not allow.
 */
export async function listUnusedArtifactVersions(api: ZenmlApi, project: string, o: ListOptions = {}): Promise<PruneListing> {
  const p: Project = await api.getProject(project, o.signal);
  const projectId = p.name ?? project;
  const you = await currentUser(api, o.signal);
  const cutoff = o.olderThanDays === undefined ? null : cutoffOf(o.olderThanDays, o.now ?? new Date());
  const filters: Record<string, string> = { only_unused: 'true' };
  if (cutoff) filters.created = `lte:${filterTime(cutoff)}`;
  const found: UnusedVersion[] = [];
  for await (const v of api.pages((page) => api.listResources('artifactVersions', p.id, { page, size: PAGE_SIZE, sort_by: 'asc:created', filters }, o.signal))) {
    found.push(describe(v, you?.id ?? null));
    o.onProgress?.({ phase: 'listing', done: found.length, total: found.length });
  }
  found.sort((a, b) => (a.artifact === b.artifact ? a.created.localeCompare(b.created) : a.artifact.localeCompare(b.artifact)));

  let checked = 0;
  const limit = pLimit(o.concurrency ?? 4);
  const links = await Promise.all(
    found.map((v) =>
      limit(async () => {
        try {
          return await api.modelVersionArtifacts({ artifact_version_id: v.id }, { size: 1 }, projectId, o.signal);
        } catch (e) {
          // Fail closed: a version whose links cannot be read is kept. Only what ends every request ends the listing.
          if (!(e instanceof ZenmlApiError) || stopsEverything(e)) throw e;
          return e;
        } finally {
          o.onProgress?.({ phase: 'checking', done: ++checked, total: found.length });
        }
      }),
    ),
  );
  const candidates: UnusedVersion[] = [];
  const kept: KeptVersion[] = [];
  for (const [i, v] of found.entries()) {
    const page = links[i];
    if (page instanceof ZenmlApiError) {
      kept.push({ ...v, reason: 'links-unreadable', detail: page.message });
    } else if (page.total > 0 || page.items.length > 0) {
      kept.push({ ...v, reason: 'model-version-link', links: Math.max(page.total, page.items.length), modelVersion: await linkedModelVersion(api, page.items[0]?.body?.model_version, projectId, o.signal) });
    } else {
      candidates.push(v);
    }
  }
  return { project: projectId, projectUuid: p.id, cutoff: cutoff ? cutoff.toISOString() : null, olderThanDays: o.olderThanDays ?? null, candidates, kept, you: you?.name ?? null };
}

/** The model and version of a model version, for saying why a version is kept; null when it cannot be read (hidden, deleted meanwhile). */
async function linkedModelVersion(api: ZenmlApi, uuid: string | undefined, project: string, signal?: AbortSignal): Promise<{ model: string; version: string } | null> {
  if (!uuid) return null;
  try {
    const mv = await api.modelVersion(uuid, project, signal);
    const model = mv.body?.model?.name;
    return model ? { model, version: mv.name ?? String(mv.body?.number ?? '?') } : null;
  } catch (e) {
    if (e instanceof ZenmlApiError && (e.status === 403 || e.status === 404)) return null;
    throw e;
  }
}

/**
 * Why a version is kept, in a sentence fragment: "linked to model fraud-classifier version 2", or
 * "its model links could not be read, so it is kept: <the API's sentence>".
 */
export function keptReason(k: KeptVersion): string {
  if (k.reason === 'links-unreadable') return `its model links could not be read, so it is kept: ${k.detail}`;
  const first = k.modelVersion ? `linked to model ${k.modelVersion.model} version ${k.modelVersion.version}` : 'linked to a model version';
  return k.links > 1 ? `${first} (and ${k.links - 1} more)` : first;
}

/** What happened to one version. */
export type DeletionOutcome =
  | { version: UnusedVersion; result: 'deleted' }
  /** The caller's role does not allow it (403). `reason`: our sentence; `detail`: the server's, redacted. */
  | { version: UnusedVersion; result: 'refused'; reason: string; detail?: string }
  /** Already deleted by someone else (404, or no longer listed at the check before deleting). */
  | { version: UnusedVersion; result: 'gone' }
  /** Checked again just before deleting: a run made or read it, or it was linked to a model version, since it was listed. Kept. */
  | { version: UnusedVersion; result: 'in-use'; reason: string }
  /**
   * The DELETE was sent and its answer lost (the connection dropped or timed out after sending):
   * it may or may not have been deleted.
   */
  | { version: UnusedVersion; result: 'unknown'; reason: string }
  /** Anything else: the workspace's sentence. Not deleted, as far as is known. */
  | { version: UnusedVersion; result: 'failed'; reason: string };

/** The outcome of deleting a set of versions. */
export interface PruneResult {
  /** Every version attempted, in order. */
  outcomes: DeletionOutcome[];
  /** The versions not attempted (no request about them was sent) because the run stopped (credentials, connection, cancellation). */
  notAttempted: UnusedVersion[];
  /**
   * Why the run stopped before the end: the workspace refused the credentials (401), could not be
   * reached or stopped answering, or the caller cancelled. `message` says it, and what to do.
   */
  stopped: { why: 'credentials' | 'unreachable' | 'cancelled'; message: string } | null;
}

export interface DeleteOptions {
  /** Checked between deletions: a deletion under way is finished, so its outcome is known. */
  signal?: AbortSignal;
  /** After each version, with its outcome. */
  onProgress?: (p: { done: number; total: number; outcome: DeletionOutcome }) => void;
}

/** The sentence of an outcome whose DELETE was sent but not answered. */
export const UNKNOWN_OUTCOME = 'unknown: the workspace stopped answering after the request was sent, so it may or may not have been deleted. Run prune again (or list the versions) to see.';

/**
 * Whether `v` may still be deleted, asked just before its DELETE: still returned by
 * `only_unused=true` with its `id`, and still without model version links. Returns the outcome
 * that replaces the deletion ('gone', 'in-use'), or null to go on. Throws the API's error.
 */
async function recheck(api: ZenmlApi, project: string, v: UnusedVersion, signal?: AbortSignal): Promise<DeletionOutcome | null> {
  const unused = await api.listResources('artifactVersions', project, { size: 1, filters: { only_unused: 'true', id: v.id } }, signal);
  if (unused.total === 0 && unused.items.length === 0) {
    const exists = await api.listResources('artifactVersions', project, { size: 1, filters: { id: v.id } }, signal);
    if (exists.total === 0 && exists.items.length === 0) return { version: v, result: 'gone' };
    return { version: v, result: 'in-use', reason: 'a pipeline run made or read it since it was listed' };
  }
  const links = await api.modelVersionArtifacts({ artifact_version_id: v.id }, { size: 1 }, project, signal);
  if (links.total > 0 || links.items.length > 0) return { version: v, result: 'in-use', reason: 'it was linked to a model version since it was listed' };
  return null;
}

/**
 * Deletes `versions` of `project` (its ID or UUID) one at a time, in order, each checked again
 * just before (see `recheck`): one in use by then is kept ('in-use'). A refusal (403), a version
 * already gone (404) and any other failure are recorded and the rest goes on, as
 * `zenml artifact prune` does; a refused credential (401), an unreachable workspace or
 * cancellation stop the run, since no further request can succeed. A DELETE whose answer is lost
 * after it was sent is 'unknown', and stops the run too. Never throws for an API error.
 */
export async function deleteArtifactVersions(api: ZenmlApi, project: string, versions: readonly UnusedVersion[], o: DeleteOptions = {}): Promise<PruneResult> {
  const outcomes: DeletionOutcome[] = [];
  const stop = (i: number, why: 'credentials' | 'unreachable' | 'cancelled', sentence: string): PruneResult => {
    const left = versions.length - i;
    const tail = why === 'cancelled' ? `Cancelled: ${left} of ${versions.length} artifact versions were not deleted.` : `${sentence} Stopped: ${left} of ${versions.length} artifact versions were not deleted.`;
    return { outcomes, notAttempted: versions.slice(i), stopped: { why, message: tail } };
  };
  for (const [i, v] of versions.entries()) {
    if (o.signal?.aborted) return stop(i, 'cancelled', '');
    let outcome: DeletionOutcome | null;
    try {
      outcome = await recheck(api, project, v, o.signal);
    } catch (e) {
      if (!(e instanceof ZenmlApiError)) throw e;
      if (stopsEverything(e)) return stop(i, e.failure === 'cancelled' ? 'cancelled' : e.status === 401 ? 'credentials' : 'unreachable', e.message);
      outcome = { version: v, result: 'failed', reason: `could not check that it is still unused, so it was kept: ${e.message}` };
    }
    if (!outcome) {
      try {
        await api.deleteArtifactVersion(v.id, versionLabel(v), project);
        outcome = { version: v, result: 'deleted' };
      } catch (e) {
        if (!(e instanceof ZenmlApiError)) throw e;
        if (e.mayHaveArrived) {
          outcomes.push({ version: v, result: 'unknown', reason: UNKNOWN_OUTCOME });
          o.onProgress?.({ done: i + 1, total: versions.length, outcome: outcomes[outcomes.length - 1] });
          return stop(i + 1, 'unreachable', e.message);
        }
        if (stopsEverything(e)) return stop(i, e.status === 401 ? 'credentials' : 'unreachable', e.message);
        if (e.status === 403) outcome = { version: v, result: 'refused', reason: e.message, ...(e.detail ? { detail: e.detail } : {}) };
        else if (e.status === 404) outcome = { version: v, result: 'gone' };
        else outcome = { version: v, result: 'failed', reason: e.message };
      }
    }
    outcomes.push(outcome);
    o.onProgress?.({ done: i + 1, total: versions.length, outcome });
  }
  return { outcomes, notAttempted: [], stopped: null };
}

/**
 * One outcome as a line of text (English, for a terminal or a log): "deleted  a:1",
 * "refused  a:2 (created by ada): <sentence> The server said: <its sentence>.", "gone     a:3:
 * already deleted", "in use   a:4: now in use, kept: <why>", "unknown  a:5: unknown: <…>",
 * "failed   a:6: <sentence>".
 */
export function formatOutcome(o: DeletionOutcome): string {
  const label = versionLabel(o.version);
  switch (o.result) {
    case 'deleted':
      return `deleted  ${label}`;
    case 'gone':
      return `gone     ${label}: already deleted`;
    case 'refused':
      return `refused  ${label} (created by ${o.version.creator ?? 'an unknown user'}): ${o.reason}${o.detail ? ` The server said: ${o.detail.replace(/\.$/, '')}.` : ''}`;
    case 'in-use':
      return `in use   ${label}: now in use, kept: ${o.reason}`;
    case 'unknown':
      return `unknown  ${label}: ${o.reason}`;
    case 'failed':
      return `failed   ${label}: ${o.reason}`;
  }
}

/** The outcomes counted by kind. */
export function countOutcomes(r: PruneResult): { deleted: number; refused: number; gone: number; inUse: number; unknown: number; failed: number; notAttempted: number } {
  const n = (kind: DeletionOutcome['result']) => r.outcomes.filter((o) => o.result === kind).length;
  return { deleted: n('deleted'), refused: n('refused'), gone: n('gone'), inUse: n('in-use'), unknown: n('unknown'), failed: n('failed'), notAttempted: r.notAttempted.length };
}

/**
 * Whether the run did all it was asked: nothing refused, failed, of unknown outcome or left
 * unattempted. A version gone or now in use is no failure: it was not there to delete, or it is
 * kept for the reason prune keeps versions at all.
 */
export function pruneSucceeded(r: PruneResult): boolean {
  const c = countOutcomes(r);
  return c.refused === 0 && c.failed === 0 && c.unknown === 0 && c.notAttempted === 0 && r.stopped === null;
}
