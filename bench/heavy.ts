// Issue 19's heavy-document rows: a document with 100,000 findings (open → the capped publish, and the
// server's peak RSS), and a burst of 1,000 quick edits that each add a finding (last edit → the publish of
// the newest version, and the peak RSS). The server is the production bundle over --stdio, as editors run it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestClient } from '../test/protocol/harness';

const SERVER = join(__dirname, '..', 'dist', 'server.js');

export interface HeavyResult {
  /** didOpen of the 100,000-finding document → its publish (at most 1,000 diagnostics and a count). */
  documentPublishMs: number;
  documentFindings: number;
  documentBytes: number;
  documentPeakRss: number;
  /** The last of 1,000 edits → the publish of the version it made. */
  burstLastPublishMs: number;
  burstPublishes: number;
  burstPeakRss: number;
}

/** The peak resident set of a process so far (Linux's VmHWM); 0 where /proc cannot tell. */
function peakRss(pid: number | undefined): number {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function withServer<T>(run: (client: TestClient, pid: number | undefined) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  try {
    const client = TestClient.overStreams(child.stdout, child.stdin);
    await client.initialize();
    return await run(client, child.pid);
  } finally {
    child.kill();
  }
}

export async function measureHeavy(): Promise<HeavyResult> {
  const text = `FROM debian:12\n${'RUN pip install flask\n'.repeat(100_000)}`;
  const document = await withServer(async (client, pid) => {
    const uri = 'file:///bench/heavy/Dockerfile';
    const started = performance.now();
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri, 120_000);
    const ms = performance.now() - started;
    const left = /^([\d,]+) more findings/.exec(messageText(diagnostics.at(-1)?.message))?.[1];
    const findings = diagnostics.length - 1 + Number((left ?? '0').replace(/,/g, ''));
    return { ms, findings, rss: peakRss(pid) };
  });
  const burst = await withServer(async (client, pid) => {
    const uri = 'file:///bench/burst/Dockerfile';
    await client.open(
      uri,
      `FROM debian:12\n${'RUN --mount=type=cache,target=/root/.cache/pip pip install x\n'.repeat(1000)}`,
    );
    await client.diagnosticsFor(uri, 60_000);
    const before = client.publishCount(uri);
    const lines = client.document(uri).lineCount;
    const sends: Promise<string>[] = [];
    for (let i = 0; i < 1000; i++) {
      const end = { line: lines - 1 + i, character: 0 };
      sends.push(client.edit(uri, [{ range: { start: end, end }, newText: `RUN pip install pkg${i}\n` }]));
    }
    await Promise.all(sends);
    const sent = performance.now();
    await client.diagnosticsFor(uri, 120_000);
    return { ms: performance.now() - sent, publishes: client.publishCount(uri) - before, rss: peakRss(pid) };
  });
  return {
    documentPublishMs: document.ms,
    documentFindings: document.findings,
    documentBytes: text.length,
    documentPeakRss: document.rss,
    burstLastPublishMs: burst.ms,
    burstPublishes: burst.publishes,
    burstPeakRss: burst.rss,
  };
}

/** A diagnostic's message as text (LSP allows Markup in some places; cachemount sends strings). */
function messageText(message: unknown): string {
  return typeof message === 'string' ? message : '';
}
