/**
 * The extension-host test suite's entry point: VS Code loads this module (extensionTestsPath) in
 * the extension host and awaits run(); a rejection fails the run.
 */
import Mocha from 'mocha';

/**
 * In the order they run. Each `require` is written out so that the bundler includes the file;
 * the project suites connect a local workspace, so they run after the suites that expect none.
 */
const SUITES: [string, () => unknown][] = [
  ['diagnostics.test', () => require('./diagnostics.test')],
  ['commandTable.test', () => require('./commandTable.test')],
  ['languageFeatures.test', () => require('./languageFeatures.test')],
  ['activeProject.test', () => require('./activeProject.test')],
  ['connection.test', () => require('./connection.test')],
  ['tree.test', () => require('./tree.test')],
  ['commands.test', () => require('./commands.test')],
  ['projectsAsCode.test', () => require('./projectsAsCode.test')],
  ['localWorkspace.test', () => require('./localWorkspace.test')],
];

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 180_000 });
  // Test files call describe/it at load time, so mocha's globals go in before each is required.
  for (const [name, load] of SUITES) {
    mocha.suite.emit('pre-require', globalThis, name, mocha);
    load();
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
