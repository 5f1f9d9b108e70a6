/**
 * Diagnostics on a ZenML config file: every case with its exact range, code, severity and
 * data, and files that get none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { zenConfigDiagnostics, type ZenConfigContext } from '../../../server/src/activeProject/zenConfigDiagnostics';

const FRAUD = '7c0e0b9c-1b7e-4d7e-9a8e-1f2b3c4d5e6f';
const STRANGER = '00000000-1111-4222-8333-444444444444';

const connected: ZenConfigContext = {
  uuidToId: new Map([[FRAUD, 'fraud-detection']]),
  knownProjectIds: new Set(['fraud-detection', 'churn']),
  connected: true,
};
const offline: ZenConfigContext = { uuidToId: new Map(), knownProjectIds: new Set(['fraud-detection']), connected: false };

/** `code@line:char-line:char` of each diagnostic, in order. */
function summary(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
}

/** Our messages are plain text, never markup. */
function plain(message: Diagnostic['message']): string {
  assert.equal(typeof message, 'string');
  return message as string;
}

function only(diagnostics: Diagnostic[]): Diagnostic {
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  assert.equal(diagnostics[0].source, 'zenml-projects');
  return diagnostics[0];
}

test('a loadable config gets nothing, whatever its other keys hold', () => {
  const text = `user_id: whatever\nactive_stack_id: not-a-uuid\nstore:\n  url: https://zen.example\nactive_project_id: ${FRAUD}\nanalytics_opt_in: maybe\n`;
  assert.deepEqual(zenConfigDiagnostics(text, connected), []);
  assert.deepEqual(zenConfigDiagnostics(text, offline), []);
});

test('no active project set gets nothing', () => {
  for (const text of ['', 'active_stack_id: x\n', 'active_project_id:\n', 'active_project_id: null\n', '# comment only\n']) {
    assert.deepEqual(zenConfigDiagnostics(text, connected), [], JSON.stringify(text));
  }
});

test('a name where the UUID belongs: error on the value, the name (and known UUID) in data', () => {
  const text = `active_stack_id: ${STRANGER}\nactive_project_id: fraud-detection\n`;
  const d = only(zenConfigDiagnostics(text, connected));
  assert.deepEqual(summary([d]), ['active-project-not-uuid@1:19-1:34']);
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.equal(
    d.message,
    "The ZenML client expects the project's UUID here and cannot load 'fraud-detection'. Run `zenml project set fraud-detection`, or use 'Set as active project' on its project.yaml.",
  );
  assert.deepEqual(d.data, { code: 'active-project-not-uuid', name: 'fraud-detection', uuid: FRAUD });
});

test('a name no project file defines is not sent to a project.yaml', () => {
  const d = only(zenConfigDiagnostics('active_project_id: marketing\n', connected));
  assert.equal(d.message, "The ZenML client expects the project's UUID here and cannot load 'marketing'. Run `zenml project set marketing`.");
  assert.deepEqual(d.data, { code: 'active-project-not-uuid', name: 'marketing' });
});

test('a name is an error offline too; the fix then has no UUID yet', () => {
  const d = only(zenConfigDiagnostics('active_project_id: "fraud-detection"   # quoted\n', offline));
  assert.deepEqual(summary([d]), ['active-project-not-uuid@0:19-0:36']);
  assert.deepEqual(d.data, { code: 'active-project-not-uuid', name: 'fraud-detection' });
});

test('a number, a list and an empty value cannot be loaded either', () => {
  const number = only(zenConfigDiagnostics('active_project_id: 42\n', connected));
  assert.deepEqual(summary([number]), ['active-project-not-uuid@0:19-0:21']);
  assert.equal(number.message, "The ZenML client expects the project's UUID here and cannot load the number 42. Run `zenml project set 42`.");

  const list = only(zenConfigDiagnostics('active_project_id:\n  - fraud-detection\n', connected));
  assert.deepEqual(summary([list]), ['active-project-not-uuid@1:2-2:0']);
  assert.equal(list.message, "The ZenML client expects the project's UUID here and cannot load a list. Run `zenml project set <NAME>` to write it.");
  assert.deepEqual(list.data, { code: 'active-project-not-uuid' });

  const empty = only(zenConfigDiagnostics("active_project_id: ''\n", connected));
  assert.deepEqual(summary([empty]), ['active-project-not-uuid@0:19-0:21']);
  assert.match(plain(empty.message), /cannot load an empty value/);
});

test('a UUID the connected workspace does not know: warning with the UUID in data', () => {
  const d = only(zenConfigDiagnostics(`active_project_id: ${STRANGER.toUpperCase()}\n`, connected));
  assert.deepEqual(summary([d]), ['unknown-active-project@0:19-0:55']);
  assert.equal(d.severity, DiagnosticSeverity.Warning);
  assert.equal(
    d.message,
    `No project with UUID ${STRANGER} in the connected workspace; the ZenML client falls back to the default project. Run \`zenml project set <NAME>\` to choose one.`,
  );
  assert.deepEqual(d.data, { code: 'unknown-active-project', uuid: STRANGER });
});

test('an unknown UUID is not judged while not connected', () => {
  assert.deepEqual(zenConfigDiagnostics(`active_project_id: ${STRANGER}\n`, offline), []);
});

test('a known UUID in another accepted form is fine', () => {
  assert.deepEqual(zenConfigDiagnostics(`active_project_id: "{${FRAUD.toUpperCase()}}"\n`, connected), []);
});

test('the last of duplicate keys is the one judged', () => {
  assert.deepEqual(zenConfigDiagnostics(`active_project_id: fraud-detection\nactive_project_id: ${FRAUD}\n`, connected), []);
  assert.deepEqual(summary(zenConfigDiagnostics(`active_project_id: ${FRAUD}\nactive_project_id: churn\n`, connected)), ['active-project-not-uuid@1:19-1:24']);
});

test('a syntax error is reported on its exact range, and nothing else is judged', () => {
  const text = 'active_stack_id: x\nactive_project_id: [fraud-detection\n';
  const d = only(zenConfigDiagnostics(text, connected));
  assert.deepEqual(summary([d]), ['zen-config-syntax@1:34-1:35']);
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.match(plain(d.message), /^YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a \]\. The ZenML client cannot read this file\.$/);
  assert.deepEqual(d.data, { code: 'zen-config-syntax' });
});

test('an unclosed quote is shown on the line that has it', () => {
  const d = only(zenConfigDiagnostics('store:\n  url: x\nactive_project_id: "unclosed\n', connected));
  assert.deepEqual(summary([d]), ['zen-config-syntax@2:27-2:28']);
  assert.match(plain(d.message), /Missing closing "quote/);
});

test('a second document is a syntax error', () => {
  const d = only(zenConfigDiagnostics(`active_project_id: ${FRAUD}\n---\nactive_stack_id: x\n`, connected));
  assert.deepEqual(summary([d]), ['zen-config-syntax@1:0-2:18']);
  assert.match(plain(d.message), /multiple documents/);
});

test('a list or a single value instead of settings is zen-config-syntax on the whole content', () => {
  const list = only(zenConfigDiagnostics(`- active_project_id: ${FRAUD}\n`, connected));
  assert.deepEqual(summary([list]), ['zen-config-syntax@0:0-1:0']);
  assert.equal(list.message, 'A ZenML config file is a mapping of settings (such as `active_project_id: <UUID>`); this one holds a list.');
  const scalar = only(zenConfigDiagnostics('\n  fraud-detection\n', connected));
  assert.deepEqual(summary([scalar]), ['zen-config-syntax@1:2-1:17']);
  assert.match(plain(scalar.message), /this one holds a single text value\.$/);
});

test('ranges count UTF-16 code units and survive CRLF line ends', () => {
  const text = `# café ☕ 🚀\r\nactive_stack_id: x\r\nactive_project_id: churn\r\n`;
  assert.deepEqual(summary(zenConfigDiagnostics(text, connected)), ['active-project-not-uuid@2:19-2:24']);
});
