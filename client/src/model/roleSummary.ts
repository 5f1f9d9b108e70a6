/**
 * The default roles' one-line summaries in the user's language. The English texts are
 * common/roles.ts's (the server and the CLI speak English); they are written out here because the
 * localization bundle is extracted from literal `vscode.l10n.t` calls. The extension-host suite
 * checks that the two agree.
 */
import * as vscode from 'vscode';
import type { DefaultRole } from '../../../common/roles';

export function roleSummary(role: DefaultRole): string {
  switch (role.id) {
    case 'admin':
      return vscode.l10n.t('Full rights in the project; manages members, roles and settings.');
    case 'developer':
      return vscode.l10n.t('Creates and views resources; no settings or members.');
    case 'contributor':
      return vscode.l10n.t('Creates resources; cannot modify existing ones (keeps full rights on what it created).');
    case 'viewer':
      return vscode.l10n.t('Read-only access to the project.');
  }
}
