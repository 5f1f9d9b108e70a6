/**
 * Diagnostics for a ZenML config file (`.zen/config.yaml`, or the global `config.yaml`): only
 * what stops the ZenML client from loading the active project, or points it at a project the
 * workspace does not have. Every other key (active_stack_id, user_id, store...) is left alone.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, DiagnosticCode } from '../../../common/diagnosticCodes';
import { canonicalUuid, projectIdOfUuid, uuidOfProjectId } from '../../../common/zenml/projectUuid';
import { ACTIVE_PROJECT_KEY, parseZenConfig, type TextRange } from '../../../common/zenml/zenConfigFile';

export interface ZenConfigContext {
  /** The connected workspace's projects, UUID → project ID. */
  uuidToId: ReadonlyMap<string, string>;
  /** Project IDs defined by project files of the editor's workspace. */
  knownProjectIds: ReadonlySet<string>;
  /** Whether `uuidToId` reflects a connected workspace (an empty map then means "no projects"). */
  connected: boolean;
}

/** `data` of `active-project-not-uuid`: enough for a fix that writes the UUID in its place. */
export interface ActiveProjectNotUuidData {
  code: typeof DiagnosticCode.activeProjectNotUuid;
  /** The name written where the UUID belongs (absent for a list, number...). */
  name?: string;
  /** That project's UUID, when the connected workspace knows it. */
  uuid?: string;
}

/** `data` of `unknown-active-project`. */
export interface UnknownActiveProjectData {
  code: typeof DiagnosticCode.unknownActiveProject;
  uuid: string;
}

export function zenConfigDiagnostics(text: string, context: ZenConfigContext): Diagnostic[] {
  const doc = TextDocument.create('zen-config', 'yaml', 0, text);
  const rangeOf = (r: TextRange): Range => ({ start: doc.positionAt(r.start), end: doc.positionAt(r.end) });
  const parsed = parseZenConfig(text);

  if (parsed.syntaxErrors.length > 0) {
    return parsed.syntaxErrors.map((e) =>
      diagnostic(rangeOf(e), DiagnosticSeverity.Error, DiagnosticCode.zenConfigSyntax, `YAML syntax error: ${e.message}. The ZenML client cannot read this file.`, {
        code: DiagnosticCode.zenConfigSyntax,
      }),
    );
  }
  if (parsed.notMapping) {
    const message = `A ZenML config file is a mapping of settings (such as \`${ACTIVE_PROJECT_KEY}: <UUID>\`); this one holds ${parsed.notMapping.found}.`;
    return [diagnostic(rangeOf(parsed.notMapping), DiagnosticSeverity.Error, DiagnosticCode.zenConfigSyntax, message, { code: DiagnosticCode.zenConfigSyntax })];
  }

  const entry = parsed.activeProject;
  if (!entry) return [];
  const range = rangeOf(entry);
  const notUuid = (message: string, data: ActiveProjectNotUuidData) =>
    [diagnostic(range, DiagnosticSeverity.Error, DiagnosticCode.activeProjectNotUuid, message, data)];

  if (entry.kind === 'collection') {
    return notUuid(`The ZenML client expects the project's UUID here and cannot load ${entry.found}. Run \`zenml project set <NAME>\` to write it.`, {
      code: DiagnosticCode.activeProjectNotUuid,
    });
  }
  if (entry.text.trim() === '') {
    return notUuid(`The ZenML client expects the project's UUID here and cannot load an empty value. Run \`zenml project set <NAME>\` to write it.`, {
      code: DiagnosticCode.activeProjectNotUuid,
    });
  }

  const uuid = canonicalUuid(entry.text);
  if (uuid === undefined) {
    const name = entry.text;
    const found = entry.kind === 'otherScalar' ? entry.found : `'${name}'`;
    const viaProjectFile = context.knownProjectIds.has(name) ? `, or use 'Set as active project' on its project.yaml` : '';
    const data: ActiveProjectNotUuidData = { code: DiagnosticCode.activeProjectNotUuid, name };
    const known = uuidOfProjectId(name, context.uuidToId);
    if (known !== undefined) data.uuid = known;
    return notUuid(`The ZenML client expects the project's UUID here and cannot load ${found}. Run \`zenml project set ${name}\`${viaProjectFile}.`, data);
  }

  if (context.connected && projectIdOfUuid(uuid, context.uuidToId) === undefined) {
    const data: UnknownActiveProjectData = { code: DiagnosticCode.unknownActiveProject, uuid };
    return [
      diagnostic(
        range,
        DiagnosticSeverity.Warning,
        DiagnosticCode.unknownActiveProject,
        `No project with UUID ${uuid} in the connected workspace; the ZenML client falls back to the default project. Run \`zenml project set <NAME>\` to choose one.`,
        data,
      ),
    ];
  }
  return [];
}

function diagnostic(range: Range, severity: DiagnosticSeverity, code: DiagnosticCode, message: string, data: { code: DiagnosticCode }): Diagnostic {
  return { range, severity, code, source: DIAGNOSTIC_SOURCE, message, data };
}
