// The precision of cachemount's errors and warnings on real Dockerfiles (docs/precision.md).
// test/corpus/verdicts.json lists public Dockerfiles by reference only (repository, path, commit) and a verdict
// for every error and warning finding, keyed by rule, line and a hash of the line's text, so edits elsewhere in
// a file do not shift them. The files themselves are not in this repository.
//
//   npx tsx scripts/precision.ts urls                  each file's raw URL and where to save it under a folder
//   npx tsx scripts/precision.ts check FOLDER          lint FOLDER/<owner>+<repo>/<path>, match, print the table
//   npx tsx scripts/precision.ts check FOLDER --unjudged   also print findings that have no verdict yet
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../server/src/analysis/analyze';
import type { Finding } from '../server/src/analysis/types';

export type Verdict = 'true' | 'false' | 'debatable';

export interface JudgedFinding {
  rule: string;
  /** 1-based line the finding starts on, when it was judged. */
  line: number;
  /** `lineHash` of that line's text. */
  hash: string;
  verdict: Verdict;
  /** Why, citing what decides it: the tool's docs or source, BuildKit's, the project's own practice. */
  reason: string;
}

export interface CorpusEntry {
  repo: string;
  path: string;
  commit: string;
  ecosystems: string[];
  findings: JudgedFinding[];
}

/** A line's identity that survives edits elsewhere in the file: its trimmed text, hashed. */
export function lineHash(text: string): string {
  return createHash('sha256').update(text.trim()).digest('hex').slice(0, 16);
}

/** Where a corpus file is saved under a folder. */
export function localPath(folder: string, entry: Pick<CorpusEntry, 'repo' | 'path'>): string {
  return join(folder, entry.repo.replace('/', '+'), entry.path);
}

export interface Matched {
  entry: CorpusEntry;
  /** Findings with a verdict. */
  judged: { finding: Finding; judged: JudgedFinding }[];
  /** Error and warning findings no verdict matches. */
  unjudged: { finding: Finding; line: number; hash: string }[];
  /** Verdicts whose finding is no longer reported (a true one lost is a miss). */
  gone: JudgedFinding[];
}

/**
 * Pairs a file's error and warning findings with its verdicts: same rule and line hash, the nearest line
 * first, each verdict used once.
 */
export function matchFindings(entry: CorpusEntry, text: string, findings: readonly Finding[]): Matched {
  const lines = text.split(/\r?\n/);
  const left = [...entry.findings];
  const matched: Matched = { entry, judged: [], unjudged: [], gone: [] };
  for (const finding of findings) {
    if (finding.severity !== 'error' && finding.severity !== 'warning') continue;
    const line = finding.range.start.line + 1;
    const hash = lineHash(lines[line - 1] ?? '');
    let best = -1;
    for (let i = 0; i < left.length; i++) {
      const candidate = left[i] as JudgedFinding;
      if (candidate.rule !== finding.rule || candidate.hash !== hash) continue;
      const nearest = left[best];
      if (!nearest || Math.abs(candidate.line - line) < Math.abs(nearest.line - line)) best = i;
    }
    if (best === -1) matched.unjudged.push({ finding, line, hash });
    else matched.judged.push({ finding, judged: left.splice(best, 1)[0] as JudgedFinding });
  }
  matched.gone = left;
  return matched;
}

export interface RuleRow {
  rule: string;
  findings: number;
  true: number;
  false: number;
  debatable: number;
  unjudged: number;
  /** true / (true + false), NaN with neither. */
  precision: number;
}

export function table(results: readonly Matched[]): RuleRow[] {
  const rows = new Map<string, RuleRow>();
  const row = (rule: string): RuleRow => {
    let r = rows.get(rule);
    if (!r) {
      r = { rule, findings: 0, true: 0, false: 0, debatable: 0, unjudged: 0, precision: NaN };
      rows.set(rule, r);
    }
    return r;
  };
  for (const result of results) {
    for (const { judged } of result.judged) {
      const r = row(judged.rule);
      r.findings++;
      r[judged.verdict]++;
    }
    for (const { finding } of result.unjudged) {
      const r = row(finding.rule);
      r.findings++;
      r.unjudged++;
    }
  }
  const all = [...rows.values()].sort((a, b) => (a.rule < b.rule ? -1 : 1));
  const total: RuleRow = {
    rule: 'all',
    findings: 0,
    true: 0,
    false: 0,
    debatable: 0,
    unjudged: 0,
    precision: NaN,
  };
  for (const r of all) {
    for (const key of ['findings', 'true', 'false', 'debatable', 'unjudged'] as const) total[key] += r[key];
    r.precision = r.true / (r.true + r.false);
  }
  total.precision = total.true / (total.true + total.false);
  return [...all, total];
}

export function renderTable(rows: readonly RuleRow[]): string {
  const pct = (n: number) => (Number.isNaN(n) ? '—' : `${(100 * n).toFixed(1)}%`);
  return [
    '| rule | findings | true | false | debatable | unjudged | precision |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.rule === 'all' ? '**all**' : `\`${r.rule}\``} | ${r.findings} | ${r.true} | ${r.false} | ${r.debatable} | ${r.unjudged} | ${pct(r.precision)} |`,
    ),
  ].join('\n');
}

export function readCorpus(file = join(__dirname, '..', 'test', 'corpus', 'verdicts.json')): CorpusEntry[] {
  return JSON.parse(readFileSync(file, 'utf8')) as CorpusEntry[];
}

function main(args: readonly string[]): number {
  const [command, folder] = args;
  const corpus = readCorpus();
  if (command === 'urls') {
    for (const entry of corpus)
      process.stdout.write(
        `https://raw.githubusercontent.com/${entry.repo}/${entry.commit}/${entry.path}\t${localPath('FOLDER', entry)}\n`,
      );
    return 0;
  }
  if (command !== 'check' || !folder) {
    process.stderr.write('usage: precision.ts urls | precision.ts check FOLDER [--unjudged]\n');
    return 2;
  }
  const results: Matched[] = [];
  const missing: string[] = [];
  for (const entry of corpus) {
    const file = localPath(folder, entry);
    if (!existsSync(file)) {
      missing.push(file);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    results.push(matchFindings(entry, text, analyze(text).findings));
  }
  process.stdout.write(
    `${results.length} files linted, ${missing.length} missing\n\n${renderTable(table(results))}\n`,
  );
  const gone = results.flatMap((r) =>
    r.gone.map((g) => `${r.entry.repo}/${r.entry.path}:${g.line} ${g.rule} (${g.verdict})`),
  );
  if (gone.length > 0) process.stdout.write(`\nJudged findings no longer reported:\n${gone.join('\n')}\n`);
  if (args.includes('--unjudged'))
    for (const r of results)
      for (const u of r.unjudged)
        process.stdout.write(
          `${JSON.stringify({ file: `${r.entry.repo}/${r.entry.path}`, rule: u.finding.rule, line: u.line, hash: u.hash, message: u.finding.message })}\n`,
        );
  for (const file of missing) process.stderr.write(`missing: ${file}\n`);
  return 0;
}

if (process.argv[1]?.endsWith('precision.ts')) process.exitCode = main(process.argv.slice(2));
