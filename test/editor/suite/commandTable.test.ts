/**
 * The command table (client/src/commands/commandTable.ts) and package.json agree: every command
 * the extension contributes is registered once it is active, and it registers none it does not
 * contribute — so a command added to one place and forgotten in the other fails here.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'zenml-projects.zenml-projects';

describe('the command table', () => {
  it('registers exactly the commands package.json contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'the extension under development is not loaded');
    await extension.activate();
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    // VS Code itself registers `<view id>.focus` and the like for each contributed view.
    const views = (extension.packageJSON.contributes.views.zenmlProjects as { id: string }[]).map((v) => `${v.id}.`);
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('zenmlProjects.') && !views.some((v) => id.startsWith(v))).sort();
    assert.deepEqual(registered, contributed);
  });
});
