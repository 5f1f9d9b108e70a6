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
 * and a linked one is kept, with the model version named.
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
}

/** An unused version that is kept, and why. */
export interface KeptVersion extends UnusedVersion {
  reason: 'model-version-link';
  /** The model version it is linked to (the first of them), when it could be read: model name and version. */
  modelVersion: { model: string; version: string } | null;
  /** How many model versions it is linked to. */
  links: number;
}

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
  /** Unused by runs, but kept (linked to a model version), in the same order. */
  kept: KeptVersion[];
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

function describe(v: ArtifactVersion): UnusedVersion {
  const user = (v.resources as { user?: { name?: string } | null } | null | undefined)?.user;
  return {
    id: v.id,
    artifact: v.body?.artifact?.name ?? v.body?.artifact?.id ?? '?',
    version: v.body?.version ?? '?',
    created: v.body?.created ?? '',
    creator: user?.name ?? null,
  };
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
  const cutoff = o.olderThanDays === undefined ? null : cutoffOf(o.olderThanDays, o.now ?? new Date());
  const filters: Record<string, string> = { only_unused: 'true' };
  if (cutoff) filters.created = `lte:${filterTime(cutoff)}`;
  const found: UnusedVersion[] = [];
  for await (const v of api.pages((page) => api.listResources('artifactVersions', p.id, { page, size: PAGE_SIZE, sort_by: 'asc:created', filters }, o.signal))) {
    found.push(describe(v));
    o.onProgress?.({ phase: 'listing', done: found.length, total: found.length });
  }
  found.sort((a, b) => (a.artifact === b.artifact ? a.created.localeCompare(b.created) : a.artifact.localeCompare(b.artifact)));

  let checked = 0;
  const limit = pLimit(o.concurrency ?? 4);
  const links = await Promise.all(
    found.map((v) =>
      limit(async () => {
        const page = await api.modelVersionArtifacts({ artifact_version_id: v.id }, { size: 1 }, projectId, o.signal);
        o.onProgress?.({ phase: 'checking', done: ++checked, total: found.length });
        return page;
      }),
    ),
  );
  const candidates: UnusedVersion[] = [];
  const kept: KeptVersion[] = [];
  for (const [i, v] of found.entries()) {
    const page = links[i];
    if (page.total > 0 || page.items.length > 0) {
      kept.push({ ...v, reason: 'model-version-link', links: Math.max(page.total, page.items.length), modelVersion: await linkedModelVersion(api, page.items[0]?.body?.model_version, projectId, o.signal) });
    } else {
      candidates.push(v);
    }
  }
  return { project: projectId, projectUuid: p.id, cutoff: cutoff ? cutoff.toISOString() : null, olderThanDays: o.olderThanDays ?? null, candidates, kept };
}

/** The model and version of a model version, for saying why a version is kept; null when it cannot be read (hidden, deleted meanwhile). */
async function linkedModelVersion(api: ZenmlApi, uuid: string | undefined, project: string, signal?: AbortSignal): Promise<KeptVersion['modelVersion']> {
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

/** Why a version is kept, in a sentence fragment: "linked to model fraud-classifier version 2". */
export function keptReason(k: KeptVersion): string {
  const first = k.modelVersion ? `linked to model ${k.modelVersion.model} version ${k.modelVersion.version}` : 'linked to a model version';
  return k.links > 1 ? `${first} (and ${k.links - 1} more)` : first;
}

/** What happened to one version. */
export type DeletionOutcome =
  | { version: UnusedVersion; result: 'deleted' }
  /** The caller's role does not allow it (403). `reason`: our sentence; `detail`: the server's, redacted. */
  | { version: UnusedVersion; result: 'refused'; reason: string; detail?: string }
  /** Already deleted by someone else (404). */
  | { version: UnusedVersion; result: 'gone' }
  /** Anything else: the workspace's sentence. */
  | { version: UnusedVersion; result: 'failed'; reason: string };

/** The outcome of deleting a set of versions. */
export interface PruneResult {
  /** Every version attempted, in order. */
  outcomes: DeletionOutcome[];
  /** The versions not attempted because the run stopped (credentials, connection, cancellation). */
  notAttempted: UnusedVersion[];
  /**
   * Why the run stopped before the end: the workspace refused the credentials (401), could not be
   * reached, or the caller cancelled. `message` says it, and what to do.
   */
  stopped: { why: 'credentials' | 'unreachable' | 'cancelled'; message: string } | null;
}

export interface DeleteOptions {
  /** Checked between deletions: a deletion under way is finished, so its outcome is known. */
  signal?: AbortSignal;
  /** After each version, with its outcome. */
  onProgress?: (p: { done: number; total: number; outcome: DeletionOutcome }) => void;
}

/**
 * Deletes `versions` of `project` one at a time, in order. A refusal (403), a version already
 * gone (404) and any other failure are recorded and the rest goes on, as `zenml artifact prune`
 * does; a refused credential (401) or an unreachable workspace stops the run, since no further
 * request can succeed. Never throws for an API error.
 */
export async function deleteArtifactVersions(api: ZenmlApi, project: string, versions: readonly UnusedVersion[], o: DeleteOptions = {}): Promise<PruneResult> {
  const outcomes: DeletionOutcome[] = [];
  for (const [i, v] of versions.entries()) {
    if (o.signal?.aborted) {
      return { outcomes, notAttempted: versions.slice(i), stopped: { why: 'cancelled', message: `Cancelled: ${versions.length - i} of ${versions.length} artifact versions were not deleted.` } };
    }
    let outcome: DeletionOutcome;
    try {
      await api.deleteArtifactVersion(v.id, versionLabel(v), project);
      outcome = { version: v, result: 'deleted' };
    } catch (e) {
      if (!(e instanceof ZenmlApiError)) throw e;
      if (e.status === 401 || e.failure === 'unreachable') {
        const left = versions.length - i;
        return {
          outcomes,
          notAttempted: versions.slice(i),
          stopped: { why: e.status === 401 ? 'credentials' : 'unreachable', message: `${e.message} Stopped: ${left} of ${versions.length} artifact versions were not deleted.` },
        };
      }
      if (e.status === 403) outcome = { version: v, result: 'refused', reason: e.message, ...(e.detail ? { detail: e.detail } : {}) };
      else if (e.status === 404) outcome = { version: v, result: 'gone' };
      else outcome = { version: v, result: 'failed', reason: e.message };
    }
    outcomes.push(outcome);
    o.onProgress?.({ done: i + 1, total: versions.length, outcome });
  }
  return { outcomes, notAttempted: [], stopped: null };
}

/**
 * One outcome as a line of text (English, for a terminal or a log): "deleted  a:1",
 * "refused  a:2 (created by ada): <sentence> The server said: <its sentence>.", "gone     a:3:
 * already deleted", "failed   a:4: <sentence>".
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
    case 'failed':
      return `failed   ${label}: ${o.reason}`;
  }
}

/** The outcomes counted by kind. */
export function countOutcomes(r: PruneResult): { deleted: number; refused: number; gone: number; failed: number; notAttempted: number } {
  const n = (kind: DeletionOutcome['result']) => r.outcomes.filter((o) => o.result === kind).length;
  return { deleted: n('deleted'), refused: n('refused'), gone: n('gone'), failed: n('failed'), notAttempted: r.notAttempted.length };
}

/** Whether the run did all it was asked: nothing refused, failed or left unattempted. */
export function pruneSucceeded(r: PruneResult): boolean {
  const c = countOutcomes(r);
  return c.refused === 0 && c.failed === 0 && c.notAttempted === 0 && r.stopped === null;
}
