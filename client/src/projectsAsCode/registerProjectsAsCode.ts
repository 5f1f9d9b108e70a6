/**
 * Projects as code in the editor, besides its commands (commands/commandTable.ts): the plan
 * documents' content and lens, the drift lens, the drift warnings and the language status item.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { DriftCodeLens } from './driftCodeLens';
import { DriftDiagnostics } from './driftDiagnostics';
import { DriftLanguageStatus } from './driftLanguageStatus';
import { PLAN_SCHEME } from './projectFileDocuments';

export function registerProjectsAsCode(ctx: Ctx, languageStatus: DriftLanguageStatus): vscode.Disposable[] {
  return [
    new DriftDiagnostics(ctx.tracker),
    languageStatus,
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, ctx.plans),
    vscode.languages.registerCodeLensProvider({ scheme: PLAN_SCHEME }, ctx.plans),
    vscode.languages.registerCodeLensProvider({ language: 'yaml' }, new DriftCodeLens(ctx.tracker)),
  ];
}
