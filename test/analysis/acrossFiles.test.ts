// What several Dockerfiles show together: cache ids belong to the builder, so one id used for two tools, or
// with two settings, in two files is a problem no single file shows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileInWorkspace } from '../../server/src/analysis/acrossFiles';
import { analyzeAcrossFiles } from '../../server/src/analysis/acrossFiles';
import { analyze } from '../../server/src/analysis/analyze';
import type { RuleSetting } from '../../server/src/analysis/config';
import { dedent } from './fixture';

function file(
  key: string,
  text: string,
  rules?: Record<string, RuleSetting>,
): FileInWorkspace & { text: string } {
  const source = dedent(text);
  return { key, name: key, model: analyze(source).model, text: source, ...(rules ? { rules } : {}) };
}

const GO = `
  FROM golang:1.23
  RUN --mount=type=cache,id=build,target=/root/.cache/go-build go build ./...
  RUN --mount=type=cache,id=mod,target=/go/pkg/mod go mod download
`;
const MAVEN = `
  FROM maven:3
  RUN --mount=type=cache,id=build,target=/root/.m2/repository mvn package
  RUN --mount=type=cache,id=mod,target=/go/pkg/mod,sharing=locked go mod download
`;

describe('across files: id-conflict', () => {
  it('reports one id holding two tools in both files, naming the other file, as information', () => {
    const api = file('services/api/Dockerfile', GO);
    const web = file('services/web/Dockerfile', MAVEN);
    const { findings, failures } = analyzeAcrossFiles([api, web]);
    assert.deepEqual(failures, []);
    const conflicts = [...findings.values()].flat().filter((f) => f.rule === 'id-conflict');
    assert.equal(conflicts.length, 2);
    const inApi = findings.get(api.key)?.find((f) => f.rule === 'id-conflict');
    assert.equal(inApi?.severity, 'information', 'no build definition builds both files');
    assert.match(
      inApi?.message ?? '',
      /^Cache id "build" is also maven's .* in services\/web\/Dockerfile:2: give/,
    );
    assert.deepEqual(inApi?.range.start, { line: 1, character: 23 });
    assert.equal(inApi?.related?.[0]?.file, web.key);
    assert.deepEqual(inApi?.related?.[0]?.range.start, { line: 1, character: 4 });
    const inWeb = findings.get(web.key)?.find((f) => f.rule === 'id-conflict');
    assert.match(inWeb?.message ?? '', /in services\/api\/Dockerfile:2/);
  });

  it('is a warning where one build definition builds both files', () => {
    const api = file('api/Dockerfile', GO);
    const web = file('web/Dockerfile', MAVEN);
    const { findings } = analyzeAcrossFiles([api, web], { builtTogether: () => true });
    assert.equal(findings.get(api.key)?.find((f) => f.rule === 'id-conflict')?.severity, 'warning');
  });

  it('says nothing of the same tool in two files, of ids known only at build time, or of one file alone', () => {
    const a = file('a/Dockerfile', GO);
    const b = file('b/Dockerfile', GO);
    const c = file(
      'c/Dockerfile',
      `
      FROM maven:3
      ARG PROJECT
      RUN --mount=type=cache,id=\${PROJECT},target=/root/.m2/repository mvn package
    `,
    );
    assert.equal(analyzeAcrossFiles([a, b, c]).findings.size, 0);
    assert.equal(analyzeAcrossFiles([file('x/Dockerfile', MAVEN)]).findings.size, 0);
  });

  it("follows each file's settings: a rule off in one file reports nothing there", () => {
    const api = file('api/Dockerfile', GO, { 'id-conflict': 'off' });
    const web = file('web/Dockerfile', MAVEN, { 'id-conflict': 'error' });
    const { findings } = analyzeAcrossFiles([api, web]);
    assert.equal(findings.get(api.key)?.some((f) => f.rule === 'id-conflict') ?? false, false);
    assert.equal(findings.get(web.key)?.find((f) => f.rule === 'id-conflict')?.severity, 'error');
  });

  it("goes through the file's cachemount-ignore comments, which then count as used", () => {
    const api = file(
      'api/Dockerfile',
      `
      FROM golang:1.23
      # cachemount-ignore id-conflict
      RUN --mount=type=cache,id=build,target=/root/.cache/go-build go build ./...
    `,
    );
    const web = file('web/Dockerfile', MAVEN);
    const { findings } = analyzeAcrossFiles([api, web]);
    const acrossFiles = findings.get(api.key) ?? [];
    assert.equal(acrossFiles.length, 1);
    const result = analyze(api.text, { acrossFiles });
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      [],
      'hidden by the comment, and the comment is not reported as unused',
    );
    assert.equal(result.suppressed, 1);
    assert.deepEqual(
      analyze(api.text).findings.map((f) => f.rule),
      ['suppression-unused'],
      'alone, the file has nothing for the comment to hide',
    );
  });
});

describe('across files: sharing-inconsistent', () => {
  it('reports a uid, gid or mode that makes another cache of one id; a different sharing mode only as a hint', () => {
    const npm = (owner: string) => `
      FROM node:22
      RUN --mount=type=cache,id=npm,target=/root/.npm${owner} npm ci
    `;
    const a = file('a/Dockerfile', npm(',uid=1000'));
    const b = file('b/Dockerfile', npm(''));
    const apart = analyzeAcrossFiles([a, b])
      .findings.get(b.key)
      ?.find((f) => f.rule === 'sharing-inconsistent');
    assert.equal(
      apart?.message,
      'no uid/gid/mode here, uid=1000 there in a/Dockerfile:2: BuildKit keeps one cache per uid/gid/mode, so these are two caches.',
    );
    assert.equal(apart?.severity, 'information', 'no build definition is known to build both');
    const together = analyzeAcrossFiles([a, b], { builtTogether: () => true });
    assert.equal(
      together.findings.get(b.key)?.find((f) => f.rule === 'sharing-inconsistent')?.severity,
      'warning',
    );
    const locked = `
      FROM golang:1.23
      RUN --mount=type=cache,id=mod,target=/go/pkg/mod,sharing=locked go mod download
    `;
    const go = analyzeAcrossFiles([file('g/Dockerfile', GO), file('m/Dockerfile', locked)], {
      builtTogether: () => true,
    });
    const mod = go.findings.get('m/Dockerfile')?.find((f) => f.rule === 'sharing-inconsistent');
    assert.equal(mod?.severity, 'hint', 'modes that differ make copies, they do not break the cache');
    assert.match(mod?.message ?? '', /gets a separate copy while the locked one holds the cache/);
  });
});

describe('across files: id-project-scope', () => {
  it('names the other project that caches its build output under the same generic id, in place of the general finding', () => {
    const rust = `
      FROM rust:1
      RUN --mount=type=cache,target=/app/target cargo build --release
    `;
    const a = file('shop/Dockerfile', rust);
    const b = file('billing/Dockerfile', rust);
    const { findings } = analyzeAcrossFiles([a, b]);
    const inA = findings.get(a.key)?.filter((f) => f.rule === 'id-project-scope') ?? [];
    assert.equal(inA.length, 1);
    assert.equal(
      inA[0]?.message,
      'billing/Dockerfile:2 also caches its cargo output under id "/app/target": add the project\u2019s name to it.'.replace(
        '\u2019',
        "'",
      ),
    );
    assert.equal(inA[0]?.related?.[0]?.file, b.key);
    const all = analyze(a.text, { acrossFiles: findings.get(a.key) ?? [] }).findings.filter(
      (f) => f.rule === 'id-project-scope',
    );
    assert.equal(all.length, 1, 'the general finding gives way to the one that names the other project');
    assert.match(all[0]?.message ?? '', /^billing\/Dockerfile:2/);
  });
});
