// Compares mount-syntax with BuildKit's own parser on generated RUN lines (docs/rules.md, "Agreement with
// BuildKit"). The oracle is a program built from BuildKit's Dockerfile frontend that prints, for each file, one
// JSON line: every RUN with `ok`, the `error` BuildKit gives, and each mount's `effectiveId`. Nothing in the
// project needs it: this script only runs when given its path.
//
//   npx tsx scripts/oracle.ts generate DIR [--cases N] [--seed S]   write N Dockerfiles, one RUN each, to DIR
//   npx tsx scripts/oracle.ts compare DIR ORACLE                     run ORACLE on them, compare, print the table
//
// A case agrees when BuildKit rejects the RUN exactly when mount-syntax reports an error on it, and, for every
// valid cache mount whose id the linter knows, the ids are equal. Cases whose only problem is a missing target
// are counted apart (BuildKit joins the working directory, which the oracle takes as "/").
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../server/src/analysis/analyze';

/** A small deterministic PRNG (mulberry32), so a seed replays the same cases. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['cache', 'bind', 'tmpfs', 'secret', 'ssh', 'Cache', 'CACHE', 'cahce', ''];
const KEYS = [
  'type',
  'target',
  'dst',
  'destination',
  'source',
  'src',
  'from',
  'id',
  'sharing',
  'readonly',
  'ro',
  'rw',
  'readwrite',
  'mode',
  'uid',
  'gid',
  'size',
  'required',
  'env',
  'trget',
  'Target',
  'ID',
];
const VALUES: Record<string, readonly string[]> = {
  target: [
    '/cache',
    '/root/.cache/pip',
    'rel/dir',
    '/',
    '',
    '$ARG_DEF',
    '${ARG_NODEF}/x',
    '/a,b',
    '"/q"',
    '/tmp/..',
  ],
  source: ['src', '/', '', '$ARG_DEF', 'go.mod'],
  from: [
    'base',
    'BASE',
    'later',
    'alpine',
    'Alpine',
    'foo@bar',
    'x$',
    '',
    '$ARG_DEF',
    'docker.io/library/alpine:3',
  ],
  id: ['x', 'apt-${TARGETPLATFORM}', '$ARG_NODEF', '', 'a b', 'ID'],
  sharing: ['shared', 'private', 'locked', 'Locked', 'lockd', ''],
  readonly: ['true', 'false', '1', '0', 'yes', ''],
  mode: ['0755', '755', '999', '0o755', '', 'abc'],
  uid: ['1000', '0', '-1', 'abc', '', '99999999999'],
  gid: ['1000', '0', 'x'],
  size: ['64m', '1g', '10', 'big', ''],
  required: ['true', 'false', 'maybe'],
  env: ['TOKEN', '', '1X'],
};
const BARE = ['ro', 'rw', 'readonly', 'readwrite', 'required', 'b', 'target'];
const RUN_FLAG_CASES = [
  '--network=host',
  '--network=none',
  '--network=default',
  '--network=bridge',
  '--network=',
  '--network',
  '--security=insecure',
  '--security=sandbox',
  '--security=Insecure',
  '--security',
  '--device=/dev/fuse',
  '--device=name=/dev/kvm,required',
  '--device',
];

function mountFlag(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const fields: string[] = [];
  if (next() < 0.9) fields.push(`type=${pick(TYPES)}`);
  const count = 1 + Math.floor(next() * 4);
  for (let i = 0; i < count; i++) {
    if (next() < 0.08) {
      fields.push(pick(BARE));
      continue;
    }
    const key = pick(KEYS);
    const canonical = key
      .toLowerCase()
      .replace(/^(dst|destination)$/, 'target')
      .replace(/^src$/, 'source');
    const values = VALUES[canonical] ?? ['x', ''];
    fields.push(`${key}=${pick(values)}`);
  }
  // Duplicates, stray commas and quoting, as people write them.
  if (next() < 0.1) fields.push(pick(fields));
  if (next() < 0.05) fields.push('');
  let value = fields.join(',');
  if (next() < 0.05) value = `"${value}"`;
  return `--mount=${value}`;
}

function generate(dir: string, cases: number, seed: number): void {
  mkdirSync(dir, { recursive: true });
  const next = random(seed);
  for (let i = 0; i < cases; i++) {
    const mounts = Array.from({ length: 1 + Math.floor(next() * 2) }, () => mountFlag(next));
    // RUN's other flags: valid and invalid values, a missing value, a flag given twice.
    if (next() < 0.3) {
      const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
      const flag = pick(RUN_FLAG_CASES);
      mounts.splice(Math.floor(next() * (mounts.length + 1)), 0, flag);
      if (next() < 0.2) mounts.push(flag);
    }
    const text = [
      '# syntax=docker/dockerfile:1',
      'FROM alpine AS base',
      'ARG ARG_DEF=/def',
      'ARG ARG_NODEF',
      'WORKDIR /src',
      `RUN ${mounts.join(' ')} true`,
      'FROM alpine AS later',
      '',
    ].join('\n');
    writeFileSync(join(dir, `case-${String(i).padStart(5, '0')}.Dockerfile`), text);
  }
  writeFileSync(join(dir, 'seed.json'), JSON.stringify({ seed, cases }));
}

interface OracleRun {
  line: number;
  ok: boolean;
  error?: string;
  mounts?: Array<{ type: string; effectiveId?: string; target: string }>;
}

function compare(dir: string, oracle: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.Dockerfile'))
    .sort()
    .map((f) => join(dir, f));
  const verdicts = new Map<string, OracleRun>();
  for (let i = 0; i < files.length; i += 500) {
    const out = execFileSync(oracle, files.slice(i, i + 500), { encoding: 'utf8', maxBuffer: 1 << 28 });
    for (const line of out.split('\n').filter(Boolean)) {
      const parsed = JSON.parse(line) as { file: string; runs: OracleRun[] };
      const run = parsed.runs.find((r) => r.line === 6);
      if (run) verdicts.set(parsed.file, run);
    }
  }
  let agree = 0;
  let missingTarget = 0;
  let idCompared = 0;
  let idAgree = 0;
  const differences = new Map<string, string[]>();
  for (const file of files) {
    const bk = verdicts.get(file);
    if (!bk) continue;
    const text = readFileSync(file, 'utf8');
    const { findings, model } = analyze(text);
    const run = model.runs[0];
    const errors = findings.filter((f) => f.rule === 'mount-syntax' && f.range.start.line === 5);
    const linterRejects = errors.length > 0;
    const onlyTarget = !bk.ok && /invalid mount target/.test(bk.error ?? '') && !linterRejects;
    if (onlyTarget) {
      missingTarget++;
      continue;
    }
    if (linterRejects === !bk.ok) agree++;
    else {
      const key = bk.ok
        ? `linter rejects, BuildKit accepts: ${errors[0]?.message ?? ''}`
        : `BuildKit: ${bk.error}`;
      const list = differences.get(key.replace(/"[^"]*"/g, '"…"')) ?? [];
      list.push(file);
      differences.set(key.replace(/"[^"]*"/g, '"…"'), list);
    }
    if (bk.ok && run)
      run.mounts.forEach((mount, index) => {
        const theirs = bk.mounts?.[index];
        if (mount.effective.type !== 'cache' || !theirs || !mount.effective.id.complete) return;
        idCompared++;
        if (theirs.effectiveId === mount.effective.id.value) idAgree++;
        else {
          const key = `cache id: BuildKit "${theirs.effectiveId ?? ''}", linter "${mount.effective.id.value}"`;
          const list = differences.get(key) ?? [];
          list.push(file);
          differences.set(key, list);
        }
      });
  }
  const compared = files.length - missingTarget;
  const seed = JSON.parse(readFileSync(join(dir, 'seed.json'), 'utf8')) as { seed: number; cases: number };
  process.stdout.write(
    `seed ${seed.seed}, ${files.length} cases: verdicts agree on ${agree} of ${compared} ` +
      `(${((100 * agree) / compared).toFixed(2)}%), ${missingTarget} missing-target cases apart; ` +
      `cache ids agree on ${idAgree} of ${idCompared}\n`,
  );
  const sorted = [...differences].sort((a, b) => b[1].length - a[1].length);
  for (const [key, list] of sorted) process.stdout.write(`${list.length}\t${key}\t${list[0]}\n`);
}

function main(args: readonly string[]): number {
  const [command, dir, third] = args;
  const option = (name: string, fallback: number): number => {
    const at = args.indexOf(name);
    return at === -1 ? fallback : Number(args[at + 1]);
  };
  if (command === 'generate' && dir) {
    generate(dir, option('--cases', 10000), option('--seed', Date.now() % 1000000));
    return 0;
  }
  if (command === 'compare' && dir && third) {
    compare(dir, third);
    return 0;
  }
  process.stderr.write(
    'usage: oracle.ts generate DIR [--cases N] [--seed S] | oracle.ts compare DIR ORACLE\n',
  );
  return 2;
}

if (process.argv[1]?.endsWith('oracle.ts')) process.exitCode = main(process.argv.slice(2));
