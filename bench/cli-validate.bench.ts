/**
 * `zenml-projects validate` beside ajv-cli 5 — the schema check teams run in CI today — on the
 * same files, whole processes, runs interleaved so that both see the same machine:
 *   - a monorepo of 1,000 project files of 50 members each (1 in 100 files has a member that
 *     names both a user and a team, which any schema check sees; two files share a Project ID,
 *     which only we see);
 *   - one project file of 50,000 members (1% of them invalid).
 * Per tool: wall time, CPU time (user + system, all threads) and peak RSS, medians of the runs.
 * ajv-cli is installed into bench/node_modules from bench/package-lock.json (npm ci --prefix bench)
 * the first time; it reads YAML with js-yaml and reports no positions, we report every
 * diagnostic with its position and the cross-file checks.
 *
 *   node --import tsx bench/cli-validate.bench.ts [--runs 5] [--only files|big]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateProjectFile } from './lib/projectFileGenerator';
import { formatBytes, formatMs, formatRatio, median } from './lib/stats';
import { renderTable } from './lib/table';

const ROOT = resolve(__dirname, '..');
const GENERATED = join(ROOT, 'bench', '.generated', 'cli-validate');
const CLI = join(ROOT, 'dist', 'cli.js');
const AJV = join(ROOT, 'bench', 'node_modules', 'ajv-cli', 'dist', 'index.js');
const EXIT_REPORT = join(ROOT, 'bench', 'lib', 'exitReport.cjs');
const SCHEMA = join(ROOT, 'schemas', 'project.schema.json');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const RUNS = Number(arg('runs') ?? 5);
const ONLY = arg('only');

interface Workload {
  key: 'files' | 'big';
  label: string;
  /** Arguments to `zenml-projects validate`, run in GENERATED. */
  ours: string[];
  /** The data argument to ajv-cli (a file or a glob it expands itself), run in GENERATED. */
  ajvData: string;
}

interface Sample {
  wallMs: number;
  cpuMs: number;
  peakRss: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

function ensureAjvCli(): void {
  if (existsSync(AJV)) return;
  console.log('Installing ajv-cli into bench/node_modules (npm ci --prefix bench)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--prefix', join(ROOT, 'bench'), '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(AJV)) throw new Error('could not install ajv-cli into bench/node_modules; run `npm ci --prefix bench` and try again');
}

function projectText(i: number, members: number): string {
  const id = i === 1 ? 'project-0' : `project-${i}`;
  const lines = [`id: ${id}`, `name: Project ${i}`, `description: Generated project ${i}`, 'workspace: bench', 'members:'];
  for (let m = 0; m < members; m++) {
    if (i % 100 === 7 && m === 25) lines.push(`  - user: both${m}-of-${i}@acme.com`, `    team: team-${m}`, '    role: viewer');
    else lines.push(`  - user: user${m}-of-${i}@acme.com`, `    role: ${m === 0 ? 'admin' : m % 3 ? 'developer' : 'viewer'}`);
  }
  return `${lines.join('\n')}\n`;
}

function generate(): Workload[] {
  rmSync(GENERATED, { recursive: true, force: true });
  const workloads: Workload[] = [];
  if (ONLY !== 'big') {
    for (let i = 0; i < 1000; i++) {
      const dir = join(GENERATED, 'monorepo', `p${String(i).padStart(4, '0')}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'project.yaml'), projectText(i, 50));
    }
    workloads.push({ key: 'files', label: '1,000 files × 50 members', ours: ['monorepo'], ajvData: 'monorepo/**/project.yaml' });
  }
  if (ONLY !== 'files') {
    mkdirSync(join(GENERATED, 'big'), { recursive: true });
    writeFileSync(join(GENERATED, 'big', 'project.yaml'), generateProjectFile({ members: 50_000 }).text);
    workloads.push({ key: 'big', label: '1 file × 50,000 members', ours: ['big/project.yaml'], ajvData: 'big/project.yaml' });
  }
  return workloads;
}

function runOnce(args: string[]): Sample {
  const report = join(GENERATED, `exit-report-${process.pid}.jsonl`);
  rmSync(report, { force: true });
  const start = performance.now();
  const r = spawnSync(process.execPath, ['-r', EXIT_REPORT, ...args], {
    cwd: GENERATED,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, BENCH_EXIT_REPORT: report },
  });
  const wallMs = performance.now() - start;
  const exit = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8').trim().split('\n')[0]) as { peakRss: number | null; cpuMs: number }) : undefined;
  return { wallMs, cpuMs: exit?.cpuMs ?? NaN, peakRss: exit?.peakRss ?? NaN, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TOOLS = {
  ours: (w: Workload) => [CLI, 'validate', ...w.ours],
  ajv: (w: Workload) => [AJV, 'validate', '-s', SCHEMA, '-d', w.ajvData, '--strict=false', '-c', 'ajv-formats'],
};

function describeOurs(s: Sample): string {
  const m = /Checked (\d+) project files?: (\d+) errors, (\d+) warnings/.exec(s.stdout);
  return m ? `${m[1]} files, ${m[2]} errors, ${m[3]} warnings` : `exit ${s.status}: ${s.stderr.split('\n')[0]}`;
}

function describeAjv(s: Sample): string {
  const out = s.stdout + s.stderr;
  const invalid = (out.match(/ invalid$/gm) ?? []).length;
  const valid = (out.match(/ valid$/gm) ?? []).length;
  return valid + invalid ? `${valid + invalid} files, ${invalid} invalid` : `exit ${s.status}: ${out.split('\n')[0]}`;
}

function main(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run "npm run build" first (npm run bench does).`);
  ensureAjvCli();
  console.log(`validate from the command line, whole processes, ${RUNS} interleaved runs each after one warm-up; medians.`);
  console.log(`ajv-cli: ajv validate -s schemas/project.schema.json -d DATA --strict=false -c ajv-formats`);
  console.log(`Machine: ${availableParallelism()} cores, Node ${process.version}.`);
  const workloads = generate();
  const rows: string[][] = [];
  const ratioRows: string[][] = [];
  const targetRows: string[][] = [];
  for (const w of workloads) {
    const loadBefore = loadavg()[0];
    const samples = { ours: [] as Sample[], ajv: [] as Sample[] };
    runOnce(TOOLS.ours(w));
    runOnce(TOOLS.ajv(w));
    for (let r = 0; r < RUNS; r++) {
      // Alternate who goes first, so that neither always follows the other's cache effects.
      const order = r % 2 ? (['ajv', 'ours'] as const) : (['ours', 'ajv'] as const);
      for (const tool of order) samples[tool].push(runOnce(TOOLS[tool](w)));
    }
    const load = `${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`;
    const summary = (s: Sample[]) => ({ wall: median(s.map((x) => x.wallMs)), cpu: median(s.map((x) => x.cpuMs)), rss: median(s.map((x) => x.peakRss)) });
    const ours = summary(samples.ours);
    const ajv = summary(samples.ajv);
    rows.push([w.label, 'zenml-projects', formatMs(ours.wall), formatMs(ours.cpu), formatBytes(ours.rss), describeOurs(samples.ours[0]), load]);
    rows.push([w.label, 'ajv-cli 5', formatMs(ajv.wall), formatMs(ajv.cpu), formatBytes(ajv.rss), describeAjv(samples.ajv[0]), load]);
    ratioRows.push([w.label, formatRatio(ajv.wall, ours.wall), formatRatio(ajv.cpu, ours.cpu), formatRatio(ours.rss, ajv.rss), load]);
    targetRows.push([`${w.label}: wall time ≤ ajv-cli's`, `${formatMs(ours.wall)} vs ${formatMs(ajv.wall)}`, ours.wall <= ajv.wall ? 'met' : 'MISSED']);
    if (w.key === 'files') targetRows.push([`${w.label}: peak RSS ≤ 1.5 × ajv-cli's`, `${formatBytes(ours.rss)} vs ${formatBytes(ajv.rss)}`, ours.rss <= 1.5 * ajv.rss ? 'met' : 'MISSED']);
  }
  console.log('');
  console.log(
    renderTable(
      [{ title: 'workload' }, { title: 'tool' }, { title: 'wall', align: 'right' }, { title: 'CPU', align: 'right' }, { title: 'peak RSS', align: 'right' }, { title: 'result' }, { title: 'load avg', align: 'right' }],
      rows,
    ),
  );
  console.log('\nRatios (wall and CPU: ajv-cli ÷ ours, above 1× = we are faster; peak RSS: ours ÷ ajv-cli):');
  console.log(renderTable([{ title: 'workload' }, { title: 'wall', align: 'right' }, { title: 'CPU', align: 'right' }, { title: 'peak RSS', align: 'right' }, { title: 'load avg', align: 'right' }], ratioRows));
  console.log('\nTargets:');
  console.log(renderTable([{ title: 'target' }, { title: 'measured' }, { title: 'result' }], targetRows));
  if (Math.max(...loadavg()) > availableParallelism()) {
    console.log('\nOther processes competed for the cores during the run: wall times are inflated and noisy; CPU time is the steadier measure of the work done.');
  }
  rmSync(GENERATED, { recursive: true, force: true });
}

main();
