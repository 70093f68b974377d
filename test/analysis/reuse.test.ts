import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { generateDockerfile } from '../../bench/generate';
import { analyze } from '../../server/src/analysis/analyze';
import type { Analysis } from '../../server/src/analysis/analyze';
import { AnalysisReuse } from '../../server/src/analysis/incremental/reuse';
import { MIN_GENERATIONS } from '../../server/src/analysis/incremental/modelReuse';
import type { RunInstruction } from '../../server/src/analysis/model/types';
import { runCommands } from '../../server/src/analysis/model/commands';
import { dedent } from './fixture';

/**
 * An editor analyses each version of a document with what the previous version's analysis left
 * (`AnalysisReuse`): only the stages an edit touched are parsed and checked again. These tests pin both
 * halves: the findings are those of an analysis from scratch, and the work skipped is the work of the
 * stages the edit did not touch. (test/reliability's fuzz compares both paths after random edits.)
 */
interface Step {
  analysis: Analysis;
  parsed: number;
  wholeParse: boolean;
  stagesChecked: number;
  /** Stages whose model objects the build took over from the previous version's. */
  stagesTakenOver: number;
}

function session(...versions: string[]): Step[] {
  return sessionWith(new AnalysisReuse(), versions);
}

function sessionWith(reuse: AnalysisReuse, versions: readonly string[]): Step[] {
  return versions.map((text) => {
    const analysis = analyze(text, { reuse });
    const fresh = analyze(text);
    assert.deepEqual(analysis.findings, fresh.findings, 'the same findings as an analysis from scratch');
    assert.deepEqual(analysis.model.instructions, fresh.model.instructions);
    assert.deepEqual(analysis.model.comments, fresh.model.comments);
    return {
      analysis,
      parsed: reuse.parse.last.parsed,
      wholeParse: reuse.parse.last.whole,
      stagesChecked: reuse.last.stagesChecked,
      stagesTakenOver: reuse.model.last.stagesReused,
    };
  });
}

const rules = (step: Step | undefined): string[] =>
  (step?.analysis.findings ?? []).map((f) => `${f.range.start.line}:${f.rule}`);

const THREE_STAGES = dedent(`
  # syntax=docker/dockerfile:1
  ARG VERSION=1
  FROM python:3.12 AS deps
  RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
  FROM deps AS build
  RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y gcc
  FROM debian:12 AS tools
  RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl
`);

describe('analysis reuse between versions of a document', () => {
  it('typing in one stage parses and checks that stage only', () => {
    const edited = THREE_STAGES.replace('install -y curl', 'install -y curl git');
    const [first, second] = session(THREE_STAGES, edited);
    assert.equal(first?.stagesChecked, 3);
    assert.equal(second?.parsed, 1);
    assert.equal(second?.stagesChecked, 1);
    assert.equal(second?.wholeParse, false);
  });

  it('a stage built FROM the edited one is checked again; stages before it are not', () => {
    const edited = THREE_STAGES.replace(
      'FROM python:3.12 AS deps\n',
      'FROM python:3.12 AS deps\nUSER 1001\n',
    );
    const [, second] = session(THREE_STAGES, edited);
    // deps changed; build (FROM deps, and one line lower) and tools (one line lower) are checked again.
    assert.equal(second?.stagesChecked, 3);
    const typed = THREE_STAGES.replace('install -r', 'install  -r');
    const [, third] = session(THREE_STAGES, typed);
    assert.equal(third?.stagesChecked, 2, 'deps and build, which is built FROM it; tools is reused');
  });

  it('an edit before the first FROM checks every stage again', () => {
    const withId = THREE_STAGES.replace(
      'target=/var/cache/apt apt-get update && apt-get install -y curl',
      'target=/var/cache/apt,id=apt-${VERSION},sharing=locked apt-get update && apt-get install -y curl',
    );
    const withoutArg = withId.replace('ARG VERSION=1', 'ARG OTHER=1');
    const [before, after] = session(withId, withoutArg);
    assert.equal(after?.stagesChecked, 3);
    const message = (step: Step | undefined): string | undefined =>
      step?.analysis.findings.find((f) => f.rule === 'id-undefined-variable')?.message;
    assert.match(message(before) ?? '', /to use the global value/);
    assert.doesNotMatch(message(after) ?? '', /global value/);
  });

  it('a finding of a child stage follows the USER its parent stage sets', () => {
    const parentUser = THREE_STAGES.replace(
      'FROM deps AS build\n',
      'FROM deps AS build\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n',
    ).replace('FROM python:3.12 AS deps\n', 'FROM python:3.12 AS deps\nRUN useradd -u 1001 app\nUSER app\n');
    const rootAgain = parentUser.replace('USER app\n', 'USER root\n');
    const [asApp, asRoot] = session(parentUser, rootAgain);
    assert.notDeepEqual(rules(asApp), rules(asRoot));
  });

  it('a stage added after a mount that reads from its name is seen in the stage that mounts it', () => {
    const text = THREE_STAGES.replace(
      'RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl',
      'RUN --mount=type=bind,from=final,source=/app,target=/app true',
    );
    const [before, after] = session(text, `${text}FROM debian:12 AS final\n`);
    assert.ok(!rules(before).some((r) => r.endsWith('mount-syntax')));
    assert.ok(rules(after).includes('7:mount-syntax'), rules(after).join());
  });

  it('an ARG TARGETPLATFORM in one stage makes the file multi-platform for the others', () => {
    const cargo = THREE_STAGES.replace(
      'RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl',
      'RUN --mount=type=cache,target=/app/target cargo build --release',
    );
    const multi = cargo.replace('FROM deps AS build\n', 'FROM deps AS build\nARG TARGETPLATFORM\n');
    const [single, platforms] = session(cargo, multi);
    const severity = (step: typeof single) =>
      step?.analysis.findings.find((f) => f.rule === 'id-platform-scope')?.severity;
    assert.equal(severity(single), 'hint', 'nothing says multi-platform yet');
    assert.equal(severity(platforms), 'warning', rules(platforms).join());
  });

  it('a line that continues into the next FROM, or a heredoc that holds it, makes a whole parse', () => {
    const continued = THREE_STAGES.replace('install -y gcc\n', 'install -y gcc \\\n');
    const heredoc = THREE_STAGES.replace('install -y gcc\n', 'install -y gcc\nCOPY <<EOF /etc/x\n');
    for (const edited of [continued, heredoc]) {
      const [, second] = session(THREE_STAGES, edited);
      assert.equal(second?.wholeParse, true);
    }
  });

  it('reads a file with the backtick escape directive the same way', () => {
    const backtick = `# escape=\`\n${THREE_STAGES.replace('# syntax=docker/dockerfile:1\n', '')}`.replace(
      'install -y gcc',
      'install -y `\n  gcc',
    );
    const [, second] = session(backtick, backtick.replace('curl', 'wget'));
    assert.equal(second?.parsed, 1);
    assert.equal(second?.wholeParse, false);
  });

  it('in a 1,000-line file, typing in a mount parses and checks one stage', () => {
    const text = generateDockerfile(1000);
    const at = text.indexOf('type=cache,target=/', text.length / 2) + 'type=cache,target=/'.length;
    const [first, second] = session(text, `${text.slice(0, at)}x${text.slice(at)}`);
    assert.ok((first?.stagesChecked ?? 0) > 20);
    assert.equal(second?.parsed, 1);
    assert.ok((second?.stagesChecked ?? 0) <= 2, `${second?.stagesChecked} stages checked`);
  });

  it('the stages before an edit keep their model objects; the stages from the edit on are built again', () => {
    const edited = THREE_STAGES.replace('install -y curl', 'install -y curl git');
    const reuse = new AnalysisReuse();
    const [first, second] = sessionWith(reuse, [THREE_STAGES, edited]);
    assert.equal(first?.stagesTakenOver, 0);
    assert.equal(second?.stagesTakenOver, 2);
    assert.equal(second?.analysis.model.stages[1], first?.analysis.model.stages[1]);
    assert.equal(second?.analysis.model.runs[0], first?.analysis.model.runs[0]);
    assert.notEqual(second?.analysis.model.stages[2], first?.analysis.model.stages[2]);
  });

  it('a stage below an edit keeps its model objects, its offsets moved, unless it builds on the edited stage', () => {
    const edited = THREE_STAGES.replace('install -r', 'install --no-cache-dir -r');
    const reuse = new AnalysisReuse();
    const [first] = sessionWith(reuse, [THREE_STAGES]);
    const before = first?.analysis.model.runs.at(-1) as RunInstruction;
    assert.equal(runCommands(before)[0]?.words[0]?.start, THREE_STAGES.lastIndexOf('apt-get update'));
    const [second] = sessionWith(reuse, [edited]);
    // deps is edited; build is FROM deps, so it is built again; tools only moved.
    assert.equal(second?.stagesTakenOver, 1);
    assert.equal(second?.analysis.model.stages[2], first?.analysis.model.stages[2]);
    assert.notEqual(second?.analysis.model.stages[1], first?.analysis.model.stages[1]);
    const run = second?.analysis.model.runs.at(-1);
    const at = edited.lastIndexOf('--mount');
    assert.deepEqual(run?.flags[0]?.word.span(0, 7), [at, at + 7], 'offsets moved with the text');
    // The shell reader's commands, read before the RUN moved, are read again where it is now.
    const word = (r: RunInstruction | undefined) => {
      const found = runCommands(r as RunInstruction)[0]?.words[0];
      return found && [found.value.text, found.start, found.end, found.value.span(0, found.value.length)];
    };
    const atApt = edited.lastIndexOf('apt-get update');
    assert.deepEqual(word(run), ['apt-get', atApt, atApt + 7, [atApt, atApt + 7]]);
    // A line break moves the lines of every stage below: they are built again.
    const [third] = sessionWith(reuse, [edited.replace('install -y gcc', 'install -y gcc\n')]);
    assert.equal(third?.stagesTakenOver, 1, 'deps, above the edit, only');
    assert.notEqual(third?.analysis.model.stages[2], second?.analysis.model.stages[2]);
  });

  it('a stage below an edit is built again when the edit names a stage after its image', () => {
    const text = dedent(`
      FROM debian:12 AS base
      RUN true
      FROM builder
      RUN --mount=type=cache,target=/root/.cache/pip pip install x
    `);
    const reuse = new AnalysisReuse();
    const [, renamed] = sessionWith(reuse, [text, text.replace('AS base', 'AS builder')]);
    assert.equal(renamed?.analysis.model.stages[1]?.base, 'stage');
    assert.equal(renamed?.stagesTakenOver, 0);
  });

  it('keeps stages from as many versions as fit its budget of old text, and at least a few', () => {
    const reuse = new AnalysisReuse();
    assert.equal(reuse.model.generationLimit(10_000_000), MIN_GENERATIONS);
    assert.equal(reuse.model.generationLimit(40_000), 200);
  });

  it('keeps stages and findings from at most a few versions, so old texts do not pile up in memory', () => {
    const stages = Array.from(
      { length: 10 },
      (_, i) =>
        `FROM python:3.12 AS s${i}\nRUN --mount=type=cache,target=/root/.cache/pip pip install a${i}\n`,
    );
    // Edit each stage in turn, top to bottom: each version's build takes over the stages above the edit.
    const versions = stages.map((_, edited) =>
      stages.map((stage, i) => (i <= edited ? stage.replace(`a${i}`, `b${i}`) : stage)).join(''),
    );
    // A budget of old text so small that the floor of MIN_GENERATIONS versions applies.
    const reuse = new AnalysisReuse({ retainedTextChars: 1 });
    sessionWith(reuse, [stages.join(''), ...versions]);
    const modelGenerations = new Set(reuse.model.previous?.stages.map((stage) => stage.generation));
    const findingGenerations = new Set([...reuse.stageFindings.values()].map((entry) => entry.generation));
    assert.ok(modelGenerations.size <= MIN_GENERATIONS + 1, `model from ${modelGenerations.size} versions`);
    assert.ok(
      findingGenerations.size <= MIN_GENERATIONS,
      `findings from ${findingGenerations.size} versions`,
    );
    assert.ok(modelGenerations.size > 1 && findingGenerations.size > 1, 'the session did reuse work');
  });

  it('the incremental code has one entry point, and the model knows nothing of it', () => {
    const root = join(__dirname, '../../server/src');
    const incremental = join(root, 'analysis/incremental');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const reaching: string[] = [];
    for (const file of files) {
      const path = join(root, file);
      const source = readFileSync(path, 'utf8');
      for (const [, spec] of source.matchAll(/from '(\.[^']*)'/g)) {
        const target = relative(incremental, resolve(dirname(path), spec as string));
        if (target.startsWith('..') || dirname(path) === incremental) continue;
        if (target !== 'reuse' || file.startsWith('analysis/model/')) reaching.push(`${file} → ${spec}`);
      }
    }
    assert.deepEqual(reaching, []);
    assert.ok(files.includes('analysis/analyze.ts') && files.includes('analysis/incremental/reuse.ts'));
  });
});
