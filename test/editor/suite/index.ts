/**
 * The extension-host test suite's entry point: VS Code loads this module (extensionTestsPath) in
 * the extension host and awaits run(); a rejection fails the run.
 */
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 180_000 });
  // Test files call describe/it at load time, so mocha's globals go in before they are required.
  mocha.suite.emit('pre-require', globalThis, 'diagnostics.test', mocha);
  require('./diagnostics.test');
  mocha.suite.emit('pre-require', globalThis, 'languageFeatures.test', mocha);
  require('./languageFeatures.test');
  mocha.suite.emit('pre-require', globalThis, 'activeProject.test', mocha);
  require('./activeProject.test');
  // The project suites connect a local workspace: they run after the suites that expect none.
  mocha.suite.emit('pre-require', globalThis, 'connection.test', mocha);
  require('./connection.test');
  mocha.suite.emit('pre-require', globalThis, 'tree.test', mocha);
  require('./tree.test');
  mocha.suite.emit('pre-require', globalThis, 'commands.test', mocha);
  require('./commands.test');
  mocha.suite.emit('pre-require', globalThis, 'projectsAsCode.test', mocha);
  require('./projectsAsCode.test');
  mocha.suite.emit('pre-require', globalThis, 'localWorkspace.test', mocha);
  require('./localWorkspace.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
