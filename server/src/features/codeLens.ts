/** The code lens above a project file's `id`: whether it is the active project, or a command to make it so. */
import { CodeLens } from 'vscode-languageserver-types';
import { SET_ACTIVE_PROJECT_COMMAND, SetActiveProjectArgs } from '../../../common/protocol';
import { nodeRange } from '../../../core/engine/projectChecks';
import { ProjectDocument } from '../../../core/engine/projectDocument';
import { WorkspaceFacts } from './workspaceFacts';

const SOURCE_WORDS = { environment: 'ZENML_ACTIVE_PROJECT_ID', repository: '.zen/config.yaml', global: 'the global ZenML config', none: '' };

export function codeLenses(doc: ProjectDocument, uri: string, workspace: WorkspaceFacts): CodeLens[] {
  const id = doc.facts().top('id');
  if (!id || typeof id.top.value !== 'string' || !id.top.value) return [];
  const range = nodeRange(id.seg, id.top.pair.key);
  const active = workspace.activeFor(uri);
  if (active && active.projectId === id.top.value) {
    // A lens with an empty command is a label: there is nothing to do.
    return [{ range, command: { title: `$(check) Active project (from ${SOURCE_WORDS[active.source]})`, command: '' } }];
  }
  const args: SetActiveProjectArgs = { projectId: id.top.value, uri };
  return [{ range, command: { title: 'Set as active project', command: SET_ACTIVE_PROJECT_COMMAND, arguments: [args] } }];
}
