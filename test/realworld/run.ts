// `npm run realworld -- DIR... [--verdicts FILE]`: the tool as a new user meets it. Runs the built
// command over real repositories (checked out by hand, never committed), prints every finding
// grouped by rule for a person to judge, and, given a verdicts file of earlier judgements, the
// share of findings judged true. Findings not yet judged are listed as such: a figure counts only
// what a person has read.
//
// A verdicts file is JSON: { "<dir name>/<path>:<line>:<rule id>": "true" | "false" | "noise" }.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Message {
  ruleId: string | null;
  /** ESLint's 2 (error) and 1 (warning), or `note` */
  severity: number | 'note';
  line: number;
  column: number;
  message: string;
}
interface FileReport {
  filePath: string;
  messages: Message[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const cli = path.join(root, 'dist/bin/payload-guard.js');

function parseArgs(argv: string[]): { dirs: string[]; verdicts?: string; width: number } {
  const dirs: string[] = [];
  let verdicts: string | undefined;
  let width = 240;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--verdicts') verdicts = argv[++i];
    else if (argv[i] === '--width') width = Number(argv[++i]);
    else dirs.push(argv[i]);
  }
  if (dirs.length === 0) {
    process.stderr.write('usage: npm run realworld -- DIR... [--verdicts FILE] [--width N]\n');
    process.exit(2);
  }
  return { dirs, verdicts, width };
}

interface Finding {
  key: string;
  text: string;
  rule: string;
  note: boolean;
}

function lintDir(dir: string, tmp: string): { files: number; findings: Finding[]; ms: number } {
  const out = path.join(tmp, `${path.basename(dir)}.json`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [cli, '.', '-f', 'json', '-o', out], { cwd: dir, encoding: 'utf8' });
  const ms = Date.now() - started;
  if (run.status === 2 || !fs.existsSync(out)) throw new Error(`payload-guard failed in ${dir}: ${run.stderr}`);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as FileReport[];
  const name = path.basename(dir);
  const findings: Finding[] = [];
  for (const file of report) {
    const rel = path.relative(dir, path.resolve(dir, file.filePath)).split(path.sep).join('/');
    for (const m of file.messages) {
      const rule = m.ruleId ?? 'fatal';
      const sev = m.severity === 2 ? 'error' : m.severity === 'note' ? 'note' : 'warning';
      findings.push({
        key: `${name}/${rel}:${m.line}:${rule}`,
        rule: `${rule} ${sev}`,
        text: `${name}/${rel}:${m.line}:${m.column} ${m.message}`,
        note: sev === 'note',
      });
    }
  }
  return { files: report.length, findings, ms };
}

function main(): void {
  const { dirs, verdicts: verdictsFile, width } = parseArgs(process.argv.slice(2));
  const verdicts: Record<string, string> =
    verdictsFile && fs.existsSync(verdictsFile) ? JSON.parse(fs.readFileSync(verdictsFile, 'utf8')) : {};
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-realworld-'));
  const tally = { true: 0, false: 0, noise: 0, unjudged: 0 };
  // Notes (what the tool saw but could not read) are listed, never counted as findings.
  let notes = 0;
  let files = 0;
  const byRule = new Map<string, string[]>();
  for (const dir of dirs) {
    const r = lintDir(path.resolve(dir), tmp);
    files += r.files;
    const dirNotes = r.findings.filter((f) => f.note).length;
    notes += dirNotes;
    process.stdout.write(
      `${path.basename(dir)}: ${r.files} files, ${r.findings.length - dirNotes} findings, ${dirNotes} notes, ${(r.ms / 1000).toFixed(1)} s\n`,
    );
    for (const f of r.findings) {
      const verdict = verdicts[f.key] as keyof typeof tally | undefined;
      if (!f.note) tally[verdict && verdict in tally ? verdict : 'unjudged']++;
      const line = `  [${verdict ?? '?'}] ${f.text}`;
      byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), line.length > width ? `${line.slice(0, width - 1)}…` : line]);
    }
  }
  for (const [rule, lines] of [...byRule].sort())
    process.stdout.write(`\n== ${rule}: ${lines.length}\n${lines.join('\n')}\n`);
  const judged = tally.true + tally.false + tally.noise;
  const share = judged ? ((100 * tally.true) / judged).toFixed(1) : 'n/a';
  process.stdout.write(
    `\n${files} files; findings: ${judged + tally.unjudged} (true ${tally.true}, false ${tally.false}, noise ${tally.noise}, not judged ${tally.unjudged}); true of judged: ${share}%; notes: ${notes} (not findings)\n`,
  );
  fs.rmSync(tmp, { recursive: true, force: true });
}

main();
