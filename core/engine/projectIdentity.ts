/**
 * Which project a file defines — its Project ID and `workspace:` — and the one check that needs
 * several files: the same Project ID defined twice in one workspace. The language server keeps
 * identities of every file of the workspace; the CLI keeps only these, not the documents.
 */
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import { DiagnosticCode } from '../../common/diagnosticCodes';
import { nodeRange } from './projectChecks';
import { ProjectDocument } from './projectDocument';
import { diagnostic } from './schemaCheck';

export interface ProjectIdentity {
  /** The Project ID (`id:`), never empty. */
  id: string;
  /** Where the ID's value is, in the file's lines (0-based, LSP positions). */
  idRange: Range;
  /** `workspace:`, or '' when the file names none. */
  workspace: string;
}

/** The identity of a project file, or undefined when it has no usable `id:`. */
export function projectIdentity(doc: ProjectDocument): ProjectIdentity | undefined {
  const facts = doc.facts();
  const id = facts.top('id');
  if (!id || typeof id.top.value !== 'string' || id.top.value === '' || !id.top.pair.value) return undefined;
  const ws = facts.top('workspace')?.top.value;
  return { id: id.top.value, idRange: nodeRange(id.seg, id.top.pair.value), workspace: typeof ws === 'string' ? ws : '' };
}

/** Files with equal keys define the same project. */
export function identityKey(identity: ProjectIdentity): string {
  return `${identity.workspace}\u0000${identity.id}`;
}

/** Another file that defines the same project. */
export interface OtherDefinition {
  /** file:// URI, kept in the diagnostic's data and related information. */
  uri: string;
  /** How the file is named in the message (e.g. `payments/project.yaml`). */
  name: string;
  idRange: Range;
}

/**
 * The `duplicate-project-id` error on `me`'s ID, naming `others` (in the order given) in its
 * message and related information. ZenML keeps project names unique per workspace (see
 * /work/shared/zenml-api.md, projects).
 */
export function duplicateProjectIdDiagnostic(me: ProjectIdentity, others: readonly OtherDefinition[]): Diagnostic {
  const unique = me.workspace ? `Project IDs are unique within a workspace, and ${others.length === 1 ? 'both files are' : 'these files are all'} for workspace '${me.workspace}'` : 'Project IDs are unique within a workspace';
  const d = diagnostic(
    me.idRange,
    DiagnosticSeverity.Error,
    DiagnosticCode.duplicateProjectId,
    `The Project ID '${me.id}' is also defined in ${others.map((o) => o.name).join(', ')}. ${unique}: rename one of them, or set \`workspace:\` if they belong to different workspaces.`,
    { id: me.id, workspace: me.workspace, others: others.map((o) => o.uri) },
  );
  d.relatedInformation = others.map((o) => ({ location: { uri: o.uri, range: o.idRange }, message: `'${me.id}' is also defined here` }));
  return d;
}
