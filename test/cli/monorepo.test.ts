// Issue 20's fixture monorepo (test/fixtures/monorepo: three services, a Bake file building one of them for
// two platforms, a Compose file with build arguments, a workflow with build-push-action) through the CLI, as
// CI runs it: what only the files together and the build definitions show.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { run } from './helpers';

const MONOREPO = join(__dirname, '..', 'fixtures', 'monorepo');
const WORKFLOW = '.github/workflows/build.yml';

interface Found {
  file: string;
  rule: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  fixes: { title: string; safety: string; edits: { range: Found['range']; newText: string }[] }[];
}

function copy(): string {
  const root = mkdtempSync(join(tmpdir(), 'cachemount-monorepo-'));
  cpSync(MONOREPO, root, { recursive: true });
  return root;
}

function lint(root: string, ...args: string[]): Found[] {
  const { stdout, stderr } = run(['lint', '--format', 'json', ...args, '.'], { cwd: root });
  assert.equal(stderr, '', 'every build definition is read without a warning');
  return JSON.parse(stdout) as Found[];
}

/** Applies edits to a text the way an editor does (positions in the original text). */
function apply(text: string, edits: Found['fixes'][number]['edits']): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const edit of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)))
    out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}

describe('cachemount lint: the fixture monorepo', () => {
  const root = copy();
  const found = lint(root);
  const of = (rule: string) => found.filter((f) => f.rule === rule);

  it('relates the id conflict between two services one Bake file builds, as a warning', () => {
    const conflicts = of('id-conflict');
    assert.deepEqual(
      conflicts.map((f) => [f.file, f.severity]),
      [
        ['services/api/Dockerfile', 'warning'],
        ['services/worker/Dockerfile', 'warning'],
      ],
    );
    assert.match(conflicts[0]?.message ?? '', /services\/worker\/Dockerfile:6/);
    const sarif = JSON.parse(run(['lint', '--format', 'sarif', '.'], { cwd: root }).stdout) as {
      runs: {
        results: {
          ruleId: string;
          relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    const related = sarif.runs[0]?.results.find((r) => r.ruleId === 'id-conflict')?.relatedLocations;
    assert.equal(related?.[0]?.physicalLocation.artifactLocation.uri, 'services/worker/Dockerfile');
  });

  it('makes id-platform-scope a warning only for the service Bake builds for two platforms', () => {
    assert.deepEqual(
      of('id-platform-scope').map((f) => [f.file, f.severity]),
      [['services/web/Dockerfile', 'warning']],
    );
  });

  it('reports no undefined variable for the argument Compose gives', () => {
    assert.deepEqual(of('id-undefined-variable'), []);
  });

  it('reports the workflow step whose cache mounts start empty, and fixes it with the map cache-map prints', () => {
    const [lost, ...more] = of('ci-cache-mounts-lost');
    assert.equal(more.length, 0);
    assert.ok(lost);
    assert.equal(lost.file, WORKFLOW);
    assert.equal(lost.severity, 'warning');
    const text = readFileSync(join(root, WORKFLOW), 'utf8');
    assert.equal(text.split('\n')[lost.range.start.line]?.trim(), 'uses: docker/build-push-action@v6');
    const fix = lost.fixes[0];
    assert.ok(fix);
    const fixed = apply(text, fix.edits);
    const document = parseDocument(fixed);
    assert.deepEqual(document.errors, []);
    const steps = (
      document.toJS() as { jobs: { api: { steps: { uses?: string; with?: Record<string, string> }[] } } }
    ).jobs.api.steps;
    const dance = steps.find((s) => s.uses?.startsWith('reproducible-containers/buildkit-cache-dance@'));
    const printed = run(['cache-map', 'services/api/Dockerfile', '--platform', 'linux/amd64'], { cwd: root });
    assert.equal(printed.code, 0, printed.stderr);
    assert.deepEqual(JSON.parse(dance?.with?.['cache-map'] ?? ''), JSON.parse(printed.stdout));
    // Every cache mount of the Dockerfile built is in the map.
    assert.deepEqual(
      Object.values(JSON.parse(printed.stdout) as Record<string, { target: string }>).map((e) => e.target),
      ['/go/pkg/mod', '/root/.cache/go-build'],
    );
  });

  it('points GitHub annotations into the workflow file', () => {
    const { stdout } = run(['lint', '--format', 'github', '.'], { cwd: root });
    assert.match(stdout, /^::warning file=\.github\/workflows\/build\.yml,line=13,.*ci-cache-mounts-lost/m);
  });

  it('applies the workflow fix with --fix --unsafe-fixes only, and the workflow then has nothing to say', () => {
    const fixedRoot = copy();
    const before = readFileSync(join(fixedRoot, WORKFLOW), 'utf8');
    run(['lint', '--fix', '.'], { cwd: fixedRoot });
    assert.equal(
      readFileSync(join(fixedRoot, WORKFLOW), 'utf8'),
      before,
      'an unsafe fix is never applied unasked',
    );
    const { stdout } = run(['lint', '--fix', '--unsafe-fixes', '.'], { cwd: fixedRoot });
    assert.match(stdout, /Fixed 1 problem in \.github\/workflows\/build\.yml/);
    assert.deepEqual(
      lint(fixedRoot).filter((f) => f.rule === 'ci-cache-mounts-lost'),
      [],
    );
  });
});
