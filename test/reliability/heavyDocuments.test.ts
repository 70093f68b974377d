/**
 * The language server under heavy documents and edit bursts (issue 19, cases 3 and 4): a document with
 * 100,000 findings gets its diagnostics (capped) and a hover answer in seconds, and a burst of 1,000 quick
 * edits is analysed and published once, for its newest version, within a 150 MB heap. The server runs as the
 * bundle over --stdio with that heap limit, and each wait has a deadline, so a regression fails the test
 * instead of taking the machine down.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TestClient } from '../protocol/harness';
import type { Finding, Severity } from '../../server/src/analysis/types';
import { MAX_PUBLISHED, capFindings } from '../../server/src/service/diagnostics';

const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

function startServer(heapMb: number): { child: ChildProcess; client: TestClient; exited: () => boolean } {
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, SERVER, '--stdio'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const client = TestClient.overStreams(child.stdout, child.stdin);
  return { child, client, exited: () => exited };
}

describe('the server under heavy documents', { timeout: 240_000 }, () => {
  const children: ChildProcess[] = [];
  after(() => children.forEach((child) => child.kill('SIGKILL')));

  it('publishes at most 1,000 diagnostics and a count of the rest for 100,000 findings, and answers hover (case 3)', async () => {
    // The analysis holds 100,000 findings with their fixes: a heap of 1 GB, against 4 GB before.
    const { child, client, exited } = startServer(1024);
    children.push(child);
    await client.initialize();
    const uri = 'file:///heavy/project/Dockerfile';
    const text = `FROM debian:12\n${'RUN pip install flask\n'.repeat(100_000)}`;
    const started = Date.now();
    await client.open(uri, text);
    const hover = client.hover(uri, 1, 5).then(() => Date.now() - started);
    const diagnostics = await client.diagnosticsFor(uri, 60_000);
    const published = Date.now() - started;
    assert.equal(exited(), false, 'the server is still running');
    assert.equal(diagnostics.length, 1001, 'the cap, and one diagnostic that counts the rest');
    assert.match(messageText(diagnostics.at(-1)?.message), /^99,000 more findings are not shown here/);
    // Before: all 100,000 diagnostics, in about 6 s.
    assert.ok(published < 20_000, `published after ${published} ms`);
    assert.ok((await hover) < 20_000, 'hover answered');
  });

  it('analyses and publishes a burst of 1,000 edits once, for the newest version, within a 150 MB heap (case 4)', async () => {
    const { child, client, exited } = startServer(150);
    children.push(child);
    await client.initialize();
    const uri = 'file:///burst/project/Dockerfile';
    await client.open(
      uri,
      `FROM debian:12\n${'RUN --mount=type=cache,target=/root/.cache/pip pip install x\n'.repeat(1000)}`,
    );
    await client.diagnosticsFor(uri, 30_000);
    const before = client.publishCount(uri);
    const lines = client.document(uri).lineCount;
    const sends: Promise<string>[] = [];
    for (let i = 0; i < 1000; i++) {
      const end = { line: lines - 1 + i, character: 0 };
      sends.push(client.edit(uri, [{ range: { start: end, end }, newText: `RUN pip install pkg${i}\n` }]));
    }
    await Promise.all(sends);
    const sent = Date.now();
    const diagnostics = await client.diagnosticsFor(uri, 60_000);
    const late = Date.now() - sent;
    assert.equal(exited(), false, 'the server is still running');
    assert.equal(diagnostics.filter((d) => d.code === 'cache-mount-missing').length, 1000);
    // Before: every version was analysed and published (1,000 publishes), the last 14-16 s late, and with a
    // 150 MB heap the server died.
    assert.ok(client.publishCount(uri) - before < 50, `${client.publishCount(uri) - before} publishes`);
    assert.ok(late < 10_000, `the last publish came ${late} ms after the last edit`);
  });
});

describe('the cap on published findings', () => {
  const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
  const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];
  const at = (line: number, character: number, severity: Severity, rule: string): Finding => ({
    rule,
    severity,
    message: rule,
    range: { start: { line, character }, end: { line, character: character + 1 } },
    fixes: [],
  });

  it('keeps the most severe findings, then the first by position; at one position the more severe first', () => {
    let seed = 19;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let round = 0; round < 20; round++) {
      const findings: Finding[] = [];
      const count = MAX_PUBLISHED + 1 + next(3000);
      for (let i = 0; i < count; i++) {
        // Rare severities in some rounds, so the cap falls in each rank; several findings share a position.
        const severity = SEVERITIES[Math.min(3, next(round % 4 === 0 ? 4 : 40))] as Severity;
        findings.push(at(Math.floor(i / 3), next(2) * 4, severity, `rule-${next(5)}`));
      }
      findings.sort(
        (a, b) =>
          a.range.start.line - b.range.start.line ||
          a.range.start.character - b.range.start.character ||
          (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
      );
      // The rule the cap follows, stated plainly: a stable sort by severity, the first MAX_PUBLISHED, in
      // position order with the more severe first at one position.
      const expected = [...findings]
        .sort((a, b) => RANK[a.severity] - RANK[b.severity])
        .slice(0, MAX_PUBLISHED)
        .sort(
          (a, b) =>
            a.range.start.line - b.range.start.line ||
            a.range.start.character - b.range.start.character ||
            RANK[a.severity] - RANK[b.severity],
        );
      const { shown, left } = capFindings(findings);
      assert.equal(left, count - MAX_PUBLISHED);
      assert.deepEqual(shown, expected);
    }
  });
});

/** A diagnostic's message as text (LSP allows Markup in some places; cachemount sends strings). */
function messageText(message: unknown): string {
  return typeof message === 'string' ? message : '';
}
