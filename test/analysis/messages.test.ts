// Every message fits one Problems-panel row: what is wrong and what to do, in plain text (the editor shows
// Markdown backticks literally), at most 140 characters. The why lives in the hover and docs/rules.md. Checked
// on every Dockerfile the tests have: the inline fixtures of these tests, the CLI's fixtures, the bundled
// example and generated files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { RULE_IDS } from '../../server/src/analysis/rules/registry';
import { generateDockerfile } from '../../bench/generate';
import { dedent } from './fixture';
import { analyzeBuildFile } from '../../server/src/analysis/buildFiles';
import { readWorkflowFile } from '../../server/src/builds/workflow';

const ROOT = join(__dirname, '..', '..');
const LIMIT = 140;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The Dockerfiles of the inline fixtures: template literals in the analysis tests, marker lines removed. */
function inlineFixtures(): string[] {
  const texts: string[] = [];
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.ts'))) {
    const source = readFileSync(join(__dirname, file), 'utf8');
    for (const match of source.matchAll(/`\n([\s\S]*?)`/g)) {
      const body = (match[1] ?? '').replace(/\\`/g, '`').replace(/\\\\/g, '\\').replace(/\\\$/g, '$');
      texts.push(
        dedent(body)
          .split('\n')
          .filter((l) => !/^\s*\^+/.test(l))
          .join('\n'),
      );
    }
  }
  return texts;
}

describe('messages', () => {
  it('are one plain line of at most 140 characters, for every rule the tests reach', () => {
    const texts = [
      ...inlineFixtures(),
      ...files(join(ROOT, 'test', 'cli', 'fixtures')).map((f) => readFileSync(f, 'utf8')),
      readFileSync(join(ROOT, 'examples', 'Dockerfile'), 'utf8'),
      generateDockerfile(300),
    ];
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const text of texts) {
      for (const finding of analyze(text).findings) {
        seen.add(finding.rule);
        const { message } = finding;
        if (message.length > LIMIT || message.includes('\n') || message.includes('`'))
          problems.push(`${finding.rule} (${message.length}): ${message}`);
      }
    }
    // Rules on build definition files: the fixture monorepo's workflow, on a hosted and an unknown runner.
    const monorepo = join(ROOT, 'test', 'fixtures', 'monorepo');
    const workflow = readFileSync(join(monorepo, '.github', 'workflows', 'build.yml'), 'utf8');
    for (const text of [workflow, workflow.replace('ubuntu-latest', 'big-runners')]) {
      const definitions = readWorkflowFile('.github/workflows/build.yml', text).builds;
      const dockerfileAt = (path: string) => {
        const model = analyze(readFileSync(join(monorepo, path), 'utf8')).model;
        return { key: path, name: path, model };
      };
      for (const finding of analyzeBuildFile({ text, definitions }, dockerfileAt).findings) {
        seen.add(finding.rule);
        const { message } = finding;
        if (message.length > LIMIT || message.includes('\n') || message.includes('`'))
          problems.push(`${finding.rule} (${message.length}): ${message}`);
      }
    }
    assert.deepEqual([...new Set(problems)], []);
    assert.deepEqual(
      RULE_IDS.filter((id) => !seen.has(id)),
      [],
      'every rule has a finding in the fixtures',
    );
  });
});
