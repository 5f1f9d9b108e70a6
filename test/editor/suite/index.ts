/**
 * The extension-host test suite's entry point: VS Code loads this module (extensionTestsPath) in
 * the extension host and awaits run(); a rejection fails the run.
 */
import Mocha from 'mocha';
import * as vscode from 'vscode';

/**
 * In the order they run. Each `require` is written out so that the bundler includes the file;
 * the project suites connect a local workspace, so they run after the suites that expect none.
 */
const SUITES: [string, () => unknown][] = [
  ['diagnostics.test', () => require('./diagnostics.test')],
  ['commandTable.test', () => require('./commandTable.test')],
  ['roleSummary.test', () => require('./roleSummary.test')],
  ['languageFeatures.test', () => require('./languageFeatures.test')],
  ['activeProject.test', () => require('./activeProject.test')],
  ['connection.test', () => require('./connection.test')],
  ['redaction.test', () => require('./redaction.test')],
  ['tree.test', () => require('./tree.test')],
  ['treeUsage.test', () => require('./treeUsage.test')],
  ['commands.test', () => require('./commands.test')],
  ['cleanUp.test', () => require('./cleanUp.test')],
  ['projectsAsCode.test', () => require('./projectsAsCode.test')],
  ['workspaces.test', () => require('./workspaces.test')],
  ['idle.test', () => require('./idle.test')],
  ['editions.test', () => require('./editions.test')],
  ['localWorkspace.test', () => require('./localWorkspace.test')],
];

/** The pseudo-localized run (VS Code in `qps-ploc`) runs this suite alone; the others never do. */
const PSEUDO_LOCALE_SUITE: [string, () => unknown] = ['pseudoLocale.test', () => require('./pseudoLocale.test')];

export function run(): Promise<void> {
  const grep = process.env.EDITOR_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 180_000, ...(grep ? { grep } : {}) });
  const suites = vscode.env.language === 'qps-ploc' ? [PSEUDO_LOCALE_SUITE] : SUITES;
  // Test files call describe/it at load time, so mocha's globals go in before each is required.
  for (const [name, load] of suites) {
    mocha.suite.emit('pre-require', globalThis, name, mocha);
    load();
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
