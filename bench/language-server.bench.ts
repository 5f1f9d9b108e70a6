/**
 * Speed of the project.yaml language server against yaml-language-server (with our schema),
 * both run as real processes over stdio, on generated project files of 1,000 to 50,000
 * members: didOpen → first diagnostics, a one-character edit → diagnostics, completion at a
 * `role:` value, and peak RSS. Prints a table, the ratios, and our targets met or missed. The
 * "merged" sizes are files whose members all take their role from shared anchors (`- <<: *viewer`).
 *
 *   node --import tsx bench/language-server.bench.ts [--sizes 1000,10000] [--merged 10000|none] [--servers ours,yaml] [--edits 20]
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { CompletionItem, CompletionList, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspClient, TimeoutError, formatSeconds } from './lib/lspClient';
import { SyncedDocument, SyncKind, syncKindOf } from './lib/syncedDocument';
import { EXPECTED_ROLE_COMPLETIONS, generateProjectFile, type GeneratedProject } from './lib/projectFileGenerator';
import { peakRssBytes } from './lib/processMemory';
import { cpuTimeMs } from './lib/processCpu';
import { formatBytes, formatMs, formatRatio, median, percentile } from './lib/stats';
import { renderTable } from './lib/table';

const ROOT = resolve(__dirname, '..');
const GENERATED = join(ROOT, 'bench', '.generated');
const SCHEMA_PATH = join(ROOT, 'schemas', 'project.schema.json');
const OUR_SERVER = join(ROOT, 'dist', 'server.js');
const YAML_LANGUAGE_SERVER = join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

/** Limits that keep the whole run to a few minutes even when a server is very slow. */
const LIMITS = {
  warmupMs: 15_000,
  openMs: 60_000,
  editMs: 30_000,
  completionMs: 40_000,
  /** Edits stop early once the next one would end after this much time on edits. */
  editBudgetMs: 30_000,
  completions: 5,
  completionBudgetMs: 20_000,
  /** Quiet time after each answer, so that a late extra publish is not taken for the next one. */
  settleMs: 50,
};

// ---------------------------------------------------------------------------------------------
// Command line

interface Options {
  sizes: number[];
  /** Sizes of the files whose members merge shared anchors. */
  merged: number[];
  servers: string[];
  edits: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { sizes: [1_000, 10_000, 50_000], merged: [10_000], servers: ['ours', 'yaml'], edits: 20 };
  const sizes = (text: string) => text.split(',').map((s) => Number(s.replace(/[_k]/g, (c) => (c === 'k' ? '000' : ''))));
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    if (flag === '--sizes') {
      options.sizes = sizes(value());
      if (options.sizes.some((n) => !Number.isInteger(n) || n < 100)) usage('--sizes takes member counts of at least 100, e.g. --sizes 1000,10000');
    } else if (flag === '--merged') {
      const v = value();
      options.merged = v === 'none' ? [] : sizes(v);
      if (options.merged.some((n) => !Number.isInteger(n) || n < 100)) usage('--merged takes member counts of at least 100, or "none", e.g. --merged 10000');
    } else if (flag === '--servers') {
      options.servers = value().split(',');
      if (options.servers.some((s) => s !== 'ours' && s !== 'yaml')) usage('--servers takes "ours", "yaml" or both, e.g. --servers ours');
    } else if (flag === '--edits') {
      options.edits = Number(value());
      if (!Number.isInteger(options.edits) || options.edits < 2 || options.edits % 2) usage('--edits takes an even number of at least 2 (edits alternate insert and delete)');
    } else {
      usage(`unknown argument ${argv[i]}`);
    }
  }
  return options;
}

function usage(problem: string): never {
  console.error(`${problem}\nUsage: node --import tsx bench/language-server.bench.ts [--sizes 1000,10000,50000] [--merged 10000|none] [--servers ours,yaml] [--edits 20]`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// The servers

interface ServerUnderTest {
  key: 'ours' | 'yaml';
  label: string;
  command: string;
  args: string[];
  settings: Record<string, unknown>;
}

function serversUnderTest(): ServerUnderTest[] {
  const schemaUri = pathToFileURL(SCHEMA_PATH).href;
  return [
    {
      key: 'ours',
      label: 'zenml-projects',
      command: process.execPath,
      args: [OUR_SERVER, '--stdio'],
      settings: { zenmlProjects: { projectFiles: [] } },
    },
    {
      key: 'yaml',
      label: 'yaml-language-server',
      command: process.execPath,
      args: [YAML_LANGUAGE_SERVER, '--stdio'],
      settings: {
        yaml: {
          // yaml-language-server matches these globs with picomatch, whose `**` skips dot-folders,
          // so 'project.yaml' alone would not reach bench/.generated/: name that folder too.
          schemas: { [schemaUri]: ['project.yaml', '*.yaml', '.generated/**/*.yaml'] },
          validate: true,
          completion: true,
          hover: true,
          // The schema store is fetched from the internet by default; we associate our schema ourselves.
          schemaStore: { enable: false },
        },
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Measurements

/** Samples of one metric, or why there are none (or fewer than asked). */
interface Metric {
  samples: number[];
  failure?: string;
  note?: string;
}

interface RunResult {
  server: ServerUnderTest;
  members: number;
  /** Members merge their role from shared anchors. */
  merged: boolean;
  open: Metric;
  edits: Metric;
  completion: Metric;
  /** What the completion answered, in words ("all 4 default roles, 7 items"). */
  completionResult?: string;
  completionHasDefaultRoles?: boolean;
  diagnostics?: number;
  invalidFound?: number;
  invalidTotal: number;
  schemaFound?: number;
  schemaTotal: number;
  peakRss?: number;
  /** Server CPU time (user + system) from didOpen to its diagnostics, and per edit on average. */
  openCpuMs?: number;
  editCpuMs?: number;
  syncKind?: SyncKind;
  notes: string[];
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function isDiagnosticsFor(uri: string, minVersion?: number) {
  return (params: PublishDiagnosticsParams) =>
    params.uri === uri && (minVersion === undefined || params.version === undefined || params.version === null || params.version >= minVersion);
}

function failureText(error: unknown): string {
  if (error instanceof TimeoutError) return `timed out after ${formatSeconds(error.timeoutMs)}`;
  const message = (error as Error).message ?? String(error);
  return `failed: ${message.split('\n')[0]}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many of the invalid members have a diagnostic starting on one of their lines. */
function countFlagged(project: GeneratedProject, diagnostics: Diagnostic[], kinds?: readonly string[]): { found: number; total: number } {
  const startLines = new Set(diagnostics.map((d) => d.range.start.line));
  let found = 0;
  let total = 0;
  for (const m of project.invalid) {
    if (kinds && !kinds.includes(m.kind)) continue;
    total++;
    for (let line = m.startLine; line <= m.endLine; line++) {
      if (startLines.has(line)) {
        found++;
        break;
      }
    }
  }
  return { found, total };
}

/** A valid user member at or after `index`: a place where editing the name changes nothing else. */
function validUserAtOrAfter(project: GeneratedProject, index: number): number {
  for (let i = index; i < project.members; i++) if (project.isValidUser(i)) return i;
  throw new Error(`no valid user member after index ${index}`);
}

async function measure(server: ServerUnderTest, project: GeneratedProject, warmup: GeneratedProject, options: Options): Promise<RunResult> {
  const members = project.members;
  const folder = join(GENERATED, `members-${members}${project.merged ? '-merged' : ''}`);
  const file = join(folder, 'project.yaml');
  const warmupFile = join(GENERATED, 'warmup', 'project.yaml');
  const uri = pathToFileURL(file).href;
  const result: RunResult = {
    server,
    members,
    merged: project.merged,
    open: { samples: [] },
    edits: { samples: [] },
    completion: { samples: [] },
    invalidTotal: project.invalid.length,
    schemaTotal: project.invalid.filter((m) => m.kind === 'user-and-team').length,
    notes: [],
  };

  const client = LspClient.start({ name: server.label, command: server.command, args: server.args, cwd: ROOT });
  client.settings = server.settings;
  try {
    const initialized = await client.initialize({
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: `members-${members}` }],
    });
    client.notify('workspace/didChangeConfiguration', { settings: server.settings });
    let syncKind = syncKindOf(initialized);
    if (syncKind === SyncKind.None) {
      result.notes.push('offers no text synchronisation; changes sent as full text');
      syncKind = SyncKind.Full;
    }
    result.syncKind = syncKind;

    // Warm-up on a small invalid file: the JIT gets going, the configuration is applied, and we
    // learn whether the server validates project files at all (and against our schema).
    const warmupUri = pathToFileURL(warmupFile).href;
    const warmupDocument = new SyncedDocument(client, warmupUri, 'yaml', warmup.text, syncKind);
    const warmupDiagnostics = client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === warmupUri && p.diagnostics.length > 0,
      LIMITS.warmupMs,
      'diagnostics for a small invalid project file',
    );
    warmupDocument.open();
    let validates = true;
    try {
      const published = await warmupDiagnostics;
      const schema = countFlagged(warmup, published.diagnostics, ['user-and-team']);
      if (schema.found < schema.total) result.notes.push(`warm-up: flagged ${schema.found} of ${schema.total} schema-invalid members of a small file`);
    } catch (error) {
      validates = false;
      result.notes.push(`warm-up: no diagnostics for a small invalid project file (${failureText(error)}); diagnostics not measured`);
    }
    warmupDocument.close();
    await sleep(300);

    // didOpen → first diagnostics.
    const document = new SyncedDocument(client, uri, 'yaml', project.text, syncKind);
    const cpuNow = () => (client.pid === undefined ? undefined : cpuTimeMs(client.pid));
    const cpuSince = (before: number | undefined) => {
      const after = cpuNow();
      return before === undefined || after === undefined ? undefined : after - before;
    };
    let opened = false;
    if (validates) {
      const firstDiagnostics = client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', isDiagnosticsFor(uri), LIMITS.openMs, 'diagnostics after didOpen');
      const cpuBefore = cpuNow();
      const start = performance.now();
      document.open();
      try {
        const published = await firstDiagnostics;
        result.open.samples.push(performance.now() - start);
        result.openCpuMs = cpuSince(cpuBefore);
        result.diagnostics = published.diagnostics.length;
        const all = countFlagged(project, published.diagnostics);
        const schema = countFlagged(project, published.diagnostics, ['user-and-team']);
        result.invalidFound = all.found;
        result.schemaFound = schema.found;
        opened = true;
      } catch (error) {
        result.open.failure = failureText(error);
      }
    } else {
      result.open.failure = 'no diagnostics';
      document.open();
    }
    await sleep(Math.max(300, (result.open.samples[0] ?? 0) / 2));

    // One-character edits in the middle of the file, alternating insert and delete.
    if (opened) {
      const editsStart = performance.now();
      const mid = Math.floor(members / 2);
      let insertedAt = -1;
      let changedCount = false;
      const cpuBefore = cpuNow();
      for (let n = 0; n < options.edits; n++) {
        const spent = performance.now() - editsStart;
        const last = result.edits.samples.at(-1) ?? 0;
        // Never stop on an insert's undo: the file would be left one character longer.
        if (n % 2 === 0 && n > 0 && spent + 2 * (last + LIMITS.settleMs) > LIMITS.editBudgetMs) {
          result.edits.note = `${n} of ${options.edits} edits (the edits' time budget of ${formatSeconds(LIMITS.editBudgetMs)} ran out)`;
          break;
        }
        let offset: number;
        if (n % 2 === 0) {
          const member = validUserAtOrAfter(project, mid + (n / 2) * 17);
          const lineStart = document.offsetAt({ line: project.memberLines[member], character: 0 });
          offset = document.text.indexOf('@', lineStart);
          insertedAt = offset;
        } else {
          offset = insertedAt;
        }
        const published = client.waitForNotification<PublishDiagnosticsParams>(
          'textDocument/publishDiagnostics',
          isDiagnosticsFor(uri, document.version + 1),
          LIMITS.editMs,
          'diagnostics after a one-character edit',
        );
        const start = performance.now();
        if (n % 2 === 0) document.edit(offset, 0, 'x');
        else document.edit(offset, 1, '');
        try {
          const diagnostics = (await published).diagnostics.length;
          result.edits.samples.push(performance.now() - start);
          // The edits change a user name, never the file's validity: another count means a wrong answer.
          if (diagnostics !== result.diagnostics && !changedCount) {
            changedCount = true;
            result.notes.push(`edit ${n + 1} published ${diagnostics} diagnostics instead of ${result.diagnostics}`);
          }
        } catch (error) {
          result.edits.failure = failureText(error);
          break;
        }
        await sleep(LIMITS.settleMs);
      }
      const editCpu = cpuSince(cpuBefore);
      if (editCpu !== undefined && result.edits.samples.length) result.editCpuMs = editCpu / result.edits.samples.length;
    }

    // Completion at a `role:` value of a member in the middle.
    if (project.merged) {
      result.completion.failure = 'no role: lines';
    } else if (!client.supports('textDocument/completion', 'completionProvider')) {
      result.completion.failure = 'not offered';
    } else {
      const member = validUserAtOrAfter(project, Math.floor(members / 2) + 3);
      const roleLine = project.memberLines[member] + 1;
      const lineText = document.text.slice(document.offsetAt({ line: roleLine, character: 0 }), document.offsetAt({ line: roleLine + 1, character: 0 }));
      const character = lineText.indexOf('role: ') + 'role: '.length;
      if (character < 'role: '.length) throw new Error(`line ${roleLine + 1} of the generated file is not a role line: ${lineText}`);
      const completionsStart = performance.now();
      for (let n = 0; n < LIMITS.completions; n++) {
        const last = result.completion.samples.at(-1) ?? 0;
        if (n > 0 && performance.now() - completionsStart + last > LIMITS.completionBudgetMs) {
          result.completion.note = `${n} of ${LIMITS.completions} completions (time budget of ${formatSeconds(LIMITS.completionBudgetMs)})`;
          break;
        }
        const start = performance.now();
        try {
          const answer = await client.request<CompletionItem[] | CompletionList | null>(
            'textDocument/completion',
            { textDocument: { uri }, position: { line: roleLine, character }, context: { triggerKind: 1 } },
            LIMITS.completionMs,
          );
          result.completion.samples.push(performance.now() - start);
          if (n === 0) describeCompletion(result, answer);
        } catch (error) {
          result.completion.failure = failureText(error);
          break;
        }
      }
    }

    result.peakRss = client.pid === undefined ? undefined : peakRssBytes(client.pid);
    if (result.peakRss === undefined) result.notes.push('peak RSS unavailable (/proc/<pid>/status not readable)');
  } catch (error) {
    result.notes.push(failureText(error));
  } finally {
    await client.stop(5_000);
  }
  return result;
}

function describeCompletion(result: RunResult, answer: CompletionItem[] | CompletionList | null): void {
  const items = answer === null ? [] : Array.isArray(answer) ? answer : answer.items;
  const labels = new Set(items.map((i) => (typeof i.label === 'string' ? i.label : String(i.label))));
  const missing = EXPECTED_ROLE_COMPLETIONS.filter((r) => !labels.has(r));
  result.completionHasDefaultRoles = missing.length === 0;
  if (items.length === 0) result.completionResult = 'returned nothing';
  else if (missing.length === 0) result.completionResult = `all default roles (${items.length} items)`;
  else if (missing.length === EXPECTED_ROLE_COMPLETIONS.length) result.completionResult = `no roles (${items.length} items: ${[...labels].slice(0, 3).join(', ')}…)`;
  else result.completionResult = `missing ${missing.join(', ')} (${items.length} items)`;
}

// ---------------------------------------------------------------------------------------------
// Output

function cell(metric: Metric, summary: (samples: number[]) => number): string {
  if (metric.samples.length === 0) return metric.failure ?? '—';
  const text = formatMs(summary(metric.samples));
  return metric.failure ? `${text} (then ${metric.failure})` : text;
}

/** "10,000", or "10,000 merged" for a file whose members merge shared anchors. */
function label(r: RunResult): string {
  return `${r.members.toLocaleString('en-US')}${r.merged ? ' merged' : ''}`;
}

function printResults(results: RunResult[], options: Options): void {
  const rows = results.map((r) => [
    r.server.label,
    label(r),
    cell(r.open, (s) => s[0]),
    cell(r.edits, median) + (r.edits.samples.length && r.edits.samples.length < options.edits ? ` (n=${r.edits.samples.length})` : ''),
    r.edits.samples.length >= 2 ? cell(r.edits, (s) => percentile(s, 95)) : r.edits.samples.length ? '—' : (r.edits.failure ?? '—'),
    cell(r.completion, median) + (r.completion.samples.length > 1 ? ` (n=${r.completion.samples.length})` : ''),
    r.completionResult ?? '—',
    r.peakRss === undefined ? '—' : formatBytes(r.peakRss),
    r.diagnostics === undefined ? '—' : String(r.diagnostics),
    r.invalidFound === undefined ? '—' : `${r.invalidFound}/${r.invalidTotal} (schema ${r.schemaFound}/${r.schemaTotal})`,
    `${r.openCpuMs === undefined ? '—' : formatMs(r.openCpuMs)} / ${r.editCpuMs === undefined ? '—' : formatMs(r.editCpuMs)}`,
  ]);
  console.log(
    renderTable(
      [
        { title: 'server' },
        { title: 'members', align: 'right' },
        { title: 'open→diag', align: 'right' },
        { title: 'edit→diag median', align: 'right' },
        { title: 'edit p95', align: 'right' },
        { title: 'completion', align: 'right' },
        { title: 'completion result' },
        { title: 'peak RSS', align: 'right' },
        { title: 'diagnostics', align: 'right' },
        { title: 'invalid members flagged' },
        { title: 'server CPU open / edit', align: 'right' },
      ],
      rows,
    ),
  );

  const notes = results.flatMap((r) =>
    [...r.notes, r.edits.note, r.completion.note].filter((n): n is string => !!n).map((n) => `- ${r.server.label} @ ${label(r)}: ${n}`),
  );
  if (notes.length) console.log(`\n${notes.join('\n')}`);

  // Ratios: how many times yaml-language-server's figure is ours.
  const sizes = [...new Set(results.map(label))];
  const ratioRows: string[][] = [];
  for (const size of sizes) {
    const ours = results.find((r) => label(r) === size && r.server.key === 'ours');
    const yaml = results.find((r) => label(r) === size && r.server.key === 'yaml');
    if (!ours || !yaml) continue;
    const ratio = (pick: (r: RunResult) => number | undefined) => {
      const a = pick(yaml);
      const b = pick(ours);
      return a === undefined || b === undefined ? '—' : formatRatio(a, b);
    };
    ratioRows.push([
      size,
      ratio((r) => r.open.samples[0]),
      ratio((r) => (r.edits.samples.length ? median(r.edits.samples) : undefined)),
      ratio((r) => (r.edits.samples.length >= 2 ? percentile(r.edits.samples, 95) : undefined)),
      ratio((r) => (r.completion.samples.length ? median(r.completion.samples) : undefined)),
      ratio((r) => r.peakRss),
    ]);
  }
  if (ratioRows.length) {
    console.log('\nyaml-language-server ÷ ours (how many times slower or larger; "—" where either has no figure):');
    console.log(
      renderTable(
        [
          { title: 'members', align: 'right' },
          { title: 'open→diag', align: 'right' },
          { title: 'edit median', align: 'right' },
          { title: 'edit p95', align: 'right' },
          { title: 'completion', align: 'right' },
          { title: 'peak RSS', align: 'right' },
        ],
        ratioRows,
      ),
    );
  }

  printTargets(results);
}

function printTargets(results: RunResult[]): void {
  const at = (members: number) => results.find((r) => r.server.key === 'ours' && r.members === members && !r.merged);
  const big = at(50_000);
  const small = at(1_000);
  type Target = { what: string; limitMs?: number; limitBytes?: number; strict?: boolean; value?: number; failure?: string; extra?: string };
  const targets: Target[] = [];
  if (big) {
    targets.push({ what: '50,000 members: didOpen → diagnostics ≤ 1 s', limitMs: 1000, value: big.open.samples[0], failure: big.open.failure });
    targets.push({
      what: '50,000 members: edit → diagnostics median ≤ 100 ms',
      limitMs: 100,
      value: big.edits.samples.length ? median(big.edits.samples) : undefined,
      failure: big.edits.failure ?? big.open.failure,
    });
    targets.push({
      what: '50,000 members: completion ≤ 50 ms',
      limitMs: 50,
      value: big.completion.samples.length ? median(big.completion.samples) : undefined,
      failure: big.completion.failure,
      extra: big.completionHasDefaultRoles === false ? 'but without the default roles' : undefined,
    });
    targets.push({ what: '50,000 members: peak RSS ≤ 300 MB', limitBytes: 300e6, value: big.peakRss });
  }
  if (small) {
    targets.push({
      what: '1,000 members: edit → diagnostics median < 30 ms',
      limitMs: 30,
      strict: true,
      value: small.edits.samples.length ? median(small.edits.samples) : undefined,
      failure: small.edits.failure ?? small.open.failure,
    });
  }
  if (!targets.length) return;
  const rows = targets.map((t) => {
    const measured = t.value === undefined ? (t.failure ?? 'not measured') : t.limitBytes ? formatBytes(t.value) : formatMs(t.value);
    const limit = t.limitBytes ?? t.limitMs ?? 0;
    const met = t.value !== undefined && (t.strict ? t.value < limit : t.value <= limit) && !t.extra;
    return [t.what, measured, met ? 'met' : t.extra ? `missed (${t.extra})` : 'MISSED'];
  });
  console.log('\nTargets for our server:');
  console.log(renderTable([{ title: 'target' }, { title: 'measured', align: 'right' }, { title: 'result' }], rows));
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const servers = serversUnderTest().filter((s) => options.servers.includes(s.key));
  if (servers.some((s) => s.key === 'ours') && !existsSync(OUR_SERVER)) {
    usage(`${OUR_SERVER} does not exist: build the language server first with "npm run build" (npm run bench does).`);
  }
  if (!existsSync(SCHEMA_PATH)) usage(`${SCHEMA_PATH} does not exist; yaml-language-server needs our schema to validate project files.`);

  console.log(
    `Language servers over stdio on generated project.yaml files (1% of members invalid); ` +
      `${options.edits} one-character edits in the middle of the file, alternating insert/delete; ` +
      `completion at a role: value; peak RSS = VmHWM of the server process.`,
  );
  if (servers.some((s) => s.key === 'yaml')) {
    console.log(
      'yaml-language-server waits 200 ms after each change before validating (its built-in validationDelayMs); its edit → diagnostics includes that delay.',
    );
  }
  const loadAtStart = loadavg()[0];
  console.log(`Machine: ${availableParallelism()} cores, Node ${process.version}, load average ${loadAtStart.toFixed(1)} at start.`);
  const warmup = generateProjectFile({ members: 300 });
  writeAtomically(join(GENERATED, 'warmup', 'project.yaml'), warmup.text);

  const results: RunResult[] = [];
  const runs = [...options.sizes.map((members) => ({ members, merged: false })), ...options.merged.map((members) => ({ members, merged: true }))];
  for (const { members, merged } of runs) {
    const project = generateProjectFile({ members, merged });
    writeAtomically(join(GENERATED, `members-${members}${merged ? '-merged' : ''}`, 'project.yaml'), project.text);
    for (const server of servers) {
      const started = performance.now();
      process.stdout.write(`  ${server.label} @ ${members.toLocaleString('en-US')}${merged ? ' merged' : ''} members (${formatBytes(Buffer.byteLength(project.text))} file)… `);
      const result = await measure(server, project, warmup, options);
      results.push(result);
      console.log(`done in ${formatMs(performance.now() - started)}`);
    }
  }
  console.log('');
  printResults(results, options);
  const loadAtEnd = loadavg()[0];
  console.log(`\nLoad average ${loadAtStart.toFixed(1)} at start, ${loadAtEnd.toFixed(1)} at end.`);
  if (Math.max(loadAtStart, loadAtEnd) > availableParallelism()) {
    console.log(
      'Other processes competed for the cores during the run, so wall-clock times are inflated and noisy; server CPU time is the steadier measure of the work done.',
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
