import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { docsUrl } from '../../server/src/analysis/rules/rule';
import { RULE_IDS } from '../../server/src/analysis/rules/registry';
import { FIXTURES, run } from './helpers';

/** The fixture set every format is run on: a warning with related information, an error, a clean file. */
const LINT = join(FIXTURES, 'lint');
const lint = (...args: string[]) => run(['lint', '--no-config', ...args], { cwd: LINT });

interface JsonFinding {
  file: string;
  rule: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  fixes: Array<{ title: string }>;
}

const expected = (): JsonFinding[] => JSON.parse(lint('--format', 'json').stdout) as JsonFinding[];

// The official OASIS schema (errata01); see fixtures/README.md for where it comes from.
const schema = JSON.parse(readFileSync(join(FIXTURES, 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

describe('output formats on the fixture set', () => {
  it('text, json, sarif and github agree on the findings and all exit 1', () => {
    const findings = expected();
    assert.deepEqual(
      findings.map((f) => `${f.file} ${f.rule}`),
      [
        'Dockerfile apt-docker-clean',
        'Dockerfile apt-docker-clean',
        'Dockerfile sharing-inconsistent',
        'Dockerfile sharing-locked-required',
        'services/api/Containerfile mount-syntax',
      ],
    );
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const { code, stderr } = lint('--format', format);
      assert.equal(code, 1, format);
      assert.equal(stderr, '', format);
    }
    const text = lint('--format', 'text').stdout;
    for (const f of findings)
      assert.ok(
        text.includes(
          `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.severity}  ${f.rule}`,
        ),
        `${f.file} ${f.rule} in text`,
      );
    assert.match(text, /5 problems \(1 error, 3 warnings, 1 hint\) in 2 files of 3 checked\./);
  });

  it('sarif validates against the SARIF 2.1.0 schema, with rules, help, regions and fixes', () => {
    const { stdout } = lint('--format', 'sarif');
    const log = JSON.parse(stdout) as Sarif.Log;
    assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2));
    assert.equal(log.version, '2.1.0');
    const sarifRun = log.runs[0] as Sarif.Run;
    const rules = sarifRun.tool.driver.rules ?? [];
    assert.deepEqual(
      rules.map((r) => r.id),
      RULE_IDS,
    );
    for (const rule of rules) {
      assert.equal(rule.helpUri, docsUrl(rule.id));
      assert.ok(rule.help?.text && rule.help.markdown?.includes(docsUrl(rule.id)), rule.id);
      assert.ok(rule.shortDescription?.text, rule.id);
      // The help is the rule's section of docs/rules.md, with links that work outside the repository.
      assert.ok((rule.fullDescription?.text.length ?? 0) > 40, rule.id);
      assert.doesNotMatch(rule.help?.markdown ?? '', /\]\((?!https:)/, rule.id);
    }
    const mountSyntaxRule = rules.find((rule) => rule.id === 'mount-syntax');
    assert.match(
      mountSyntaxRule?.fullDescription?.text ?? '',
      /^Everything BuildKit's Dockerfile frontend rejects/,
    );
    assert.match(mountSyntaxRule?.help?.markdown ?? '', /^\*\*Default: error\.\*\* Everything BuildKit's/);
    const findings = expected();
    const results = sarifRun.results ?? [];
    assert.equal(results.length, findings.length);
    results.forEach((result, i) => {
      const finding = findings[i] as JsonFinding;
      assert.equal(result.ruleId, finding.rule);
      assert.equal(rules[result.ruleIndex ?? -1]?.id, finding.rule);
      assert.equal(
        result.level,
        finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'note',
      );
      assert.equal(result.message.text, finding.message);
      const location = result.locations?.[0]?.physicalLocation;
      assert.equal(location?.artifactLocation?.uri, finding.file);
      assert.equal(location?.artifactLocation?.uriBaseId, 'SRCROOT');
      // 1-based, end column after the last character, as SARIF counts.
      assert.deepEqual(location?.region, {
        startLine: finding.range.start.line + 1,
        startColumn: finding.range.start.character + 1,
        endLine: finding.range.end.line + 1,
        endColumn: finding.range.end.character + 1,
      });
      assert.deepEqual(
        result.fixes?.map((fix) => fix.description?.text),
        finding.fixes.length ? finding.fixes.map((fix) => fix.title) : undefined,
      );
    });
    const mountSyntax = results.find((r) => r.ruleId === 'mount-syntax');
    assert.deepEqual(mountSyntax?.fixes?.[0]?.artifactChanges[0]?.replacements[0], {
      deletedRegion: { startLine: 2, startColumn: 56, endLine: 2, endColumn: 61 },
      insertedContent: { text: 'locked' },
    });
    const inconsistent = results.find((r) => r.ruleId === 'sharing-inconsistent');
    assert.equal(inconsistent?.relatedLocations?.[0]?.physicalLocation?.region?.startLine, 2);
    assert.equal(sarifRun.invocations?.[0]?.executionSuccessful, true);
    assert.equal(sarifRun.originalUriBaseIds?.SRCROOT?.uri?.startsWith('file:///'), true);
  });

  it('sarif records input errors as notifications and stays valid', () => {
    const { code, stdout, stderr } = lint('--format', 'sarif', 'Dockerfile', 'missing/Dockerfile');
    assert.equal(code, 2);
    assert.equal(stderr, 'cachemount: missing/Dockerfile: no such file or folder\n');
    const log = JSON.parse(stdout) as Sarif.Log;
    assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors));
    const invocation = log.runs[0]?.invocations?.[0];
    assert.equal(invocation?.executionSuccessful, false);
    assert.equal(
      invocation?.toolExecutionNotifications?.[0]?.message.text,
      'missing/Dockerfile: no such file or folder',
    );
  });

  it('the schema check can fail: a broken region is rejected', () => {
    const log = JSON.parse(lint('--format', 'sarif').stdout) as Sarif.Log;
    const region = log.runs[0]?.results?.[0]?.locations?.[0]?.physicalLocation?.region as Sarif.Region;
    region.startLine = 0;
    assert.equal(validateSarif(log), false);
  });

  it('github prints one workflow command per finding, escaped as the runner expects', () => {
    const { stdout } = lint('--format', 'github');
    const commands = stdout.split('\n').filter((line) => line.startsWith('::'));
    const findings = expected();
    assert.equal(commands.length, findings.length);
    commands.forEach((command, i) => {
      const finding = findings[i] as JsonFinding;
      const match = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(command);
      assert.ok(match, command);
      const [, level, properties, message] = match;
      assert.equal(
        level,
        finding.severity === 'error' || finding.severity === 'warning' ? finding.severity : 'notice',
      );
      const props = Object.fromEntries(
        (properties as string).split(',').map((p) => p.split('=') as [string, string]),
      );
      assert.equal(props.file, finding.file);
      assert.equal(props.line, String(finding.range.start.line + 1));
      assert.equal(props.col, String(finding.range.start.character + 1));
      assert.equal(props.endColumn, String(finding.range.end.character));
      assert.equal(props.title, `cachemount ${finding.rule}`);
      // Messages are one line: newlines and percent signs are escaped.
      assert.doesNotMatch(message as string, /[\r\n]/);
      assert.equal(decodeURIComponent(message as string).split('\nFix: ')[0], finding.message);
    });
    assert.match(stdout, /5 problems \(1 error, 3 warnings, 1 hint\)/);
  });

  it('github annotates information and hints as notices', () => {
    const { stdout, code } = run(
      ['lint', '--no-config', '--format', 'github', '--rule', 'sharing-locked-required=information', '-'],
      { input: 'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n' },
    );
    assert.equal(code, 0);
    assert.match(
      stdout,
      /^::notice file=<stdin>,line=2,col=24,endColumn=42,endLine=2,title=cachemount sharing-locked-required::/,
    );
  });
});
