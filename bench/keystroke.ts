// Keystroke latency over the real server: the bundled dist/server.js as a process over --stdio, as any
// editor runs it. Each edit types or deletes one character in a mount (or, for `line` edits, a line break
// before a RUN: every later line moves, the worst case for the server's reuse of unchanged stages), and the
// time is taken from sending textDocument/didChange to receiving the publishDiagnostics of that version.
// Edits are sent one at a time (the next after the previous one's diagnostics), so no latency hides in
// coalescing. The first edits after the document opens are measured on their own: they run code the opening
// did not (the reuse of unchanged stages), which V8 has yet to optimise, so they are slower than the edits a
// person makes once they are typing; the percentiles of the rest are the steady state.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { TestClient } from '../test/protocol/harness';
import { quantile } from './stats';

export type EditKind = 'character' | 'line';

export interface KeystrokeResult {
  lines: number;
  /** Absent in results written before line edits were measured: a character. */
  kind?: EditKind;
  edits: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The edits made right after the document opened, before the `edits` above; absent in older results. */
  first?: FirstEdits;
}

export interface FirstEdits {
  edits: number;
  p50: number;
  p95: number;
  max: number;
}

const SERVER = join(__dirname, '..', 'dist', 'server.js');

export async function measureKeystrokes(
  text: string,
  edits: number,
  kind: EditKind = 'character',
  firstEdits = 0,
): Promise<KeystrokeResult> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const client = TestClient.overStreams(child.stdout, child.stdin);
    await client.initialize();
    const uri = 'file:///bench/project/Dockerfile';
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 120_000);
    // Where to type: right after `target=/` in the cache mounts, spread over the file.
    const lines = text.split('\n');
    const spots = lines.flatMap((line, index) => {
      const at = line.indexOf('type=cache,target=/');
      return at === -1 ? [] : [{ line: index, character: at + 'type=cache,target=/'.length }];
    });
    if (spots.length === 0) throw new Error('no cache mount to type in');
    const samples: number[] = [];
    for (let i = 0; i < firstEdits + edits; i++) {
      const spot = spots[Math.floor(i / 2) % spots.length] as { line: number; character: number };
      // Type a character (or a line break at the start of the line), then delete it: the file stays the same
      // size for the whole run.
      const at = kind === 'character' ? spot : { line: spot.line, character: 0 };
      const typed = kind === 'character' ? 'x' : '\n';
      const after =
        kind === 'character'
          ? { line: at.line, character: at.character + 1 }
          : { line: at.line + 1, character: 0 };
      const range = i % 2 === 0 ? { start: at, end: at } : { start: at, end: after };
      const start = performance.now();
      await client.edit(uri, [{ range, newText: i % 2 === 0 ? typed : '' }]);
      await client.diagnosticsFor(uri, 120_000);
      samples.push(performance.now() - start);
    }
    await client.connection.sendRequest('shutdown');
    await client.connection.sendNotification('exit');
    const first = samples.slice(0, firstEdits);
    const steady = samples.slice(firstEdits);
    const result: KeystrokeResult = {
      lines: lines.length - 1,
      kind,
      edits,
      p50: quantile(steady, 0.5),
      p95: quantile(steady, 0.95),
      p99: quantile(steady, 0.99),
      max: Math.max(...steady),
    };
    if (first.length > 0)
      result.first = {
        edits: first.length,
        p50: quantile(first, 0.5),
        p95: quantile(first, 0.95),
        max: Math.max(...first),
      };
    return result;
  } finally {
    child.kill();
  }
}
