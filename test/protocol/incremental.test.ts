import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { generateDockerfile } from '../../bench/generate';
import { TestClient } from './harness';

/**
 * The server analyses an edited document with what the previous version's analysis left (analysis/incremental/reuse.ts).
 * Over the real protocol, with incremental changes, every version's diagnostics must be those of the same
 * text opened fresh, whatever the edit: typing in a mount, a new line that moves every later stage, a FROM
 * line removed or added, a platform ARG that changes the whole file, a trailing escape that joins two stages.
 */
/** What must match: all but the version the fixes are for and the document related locations point into. */
const comparable = (diagnostics: readonly Diagnostic[]): unknown =>
  diagnostics.map((d) => ({
    ...d,
    data: { ...(d.data as object), version: undefined },
    relatedInformation: d.relatedInformation?.map((r) => ({ ...r, location: { ...r.location, uri: '' } })),
  }));

/** A small deterministic generator, so a failure names the edit that broke it. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('language server: diagnostics of an edited document', () => {
  let client: TestClient;
  before(async () => {
    client = TestClient.inMemory();
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
  });

  it('are those of the same text opened fresh, after each of 40 edits of a 1,000-line file', async () => {
    const uri = 'file:///project/Dockerfile';
    await client.open(uri, generateDockerfile(1000));
    await client.diagnosticsFor(uri, 30_000);
    const next = random(20261125);
    const edits: ((text: string) => { at: number; remove: number; insert: string })[] = [
      (t) => ({ at: t.indexOf('target=/', Math.floor(next() * t.length)) + 8, remove: 0, insert: 'x' }),
      (t) => ({ at: t.indexOf('\n', Math.floor(next() * t.length)) + 1, remove: 0, insert: '\n' }),
      (t) => ({ at: t.indexOf('\nFROM ', Math.floor(next() * t.length)) + 1, remove: 5, insert: '' }),
      (t) => ({
        at: t.indexOf('\nRUN ', Math.floor(next() * t.length)) + 1,
        remove: 0,
        insert: 'FROM alpine\n',
      }),
      (t) => ({
        at: t.indexOf('\nRUN ', Math.floor(next() * t.length)) + 1,
        remove: 0,
        insert: 'ARG TARGETPLATFORM\n',
      }),
      (t) => ({ at: t.indexOf('\nFROM ', Math.floor(next() * t.length)), remove: 0, insert: ' \\' }),
      (t) => ({ at: Math.floor(next() * t.length), remove: Math.floor(next() * 40), insert: '' }),
    ];
    for (let i = 0; i < 40; i++) {
      const text = client.document(uri).getText();
      const pick = edits[Math.floor(next() * edits.length)] ?? edits[0];
      const { at, remove, insert } = pick?.(text) ?? { at: 0, remove: 0, insert: '' };
      const start = client.document(uri).positionAt(Math.max(0, at));
      const end = client.document(uri).positionAt(Math.max(0, at) + remove);
      const edit: TextEdit = { range: { start, end }, newText: insert };
      const edited = await client.edit(uri, [edit]);
      const diagnostics = await client.diagnosticsFor(uri, 30_000);

      const fresh = `file:///project/Dockerfile.fresh${i}`;
      await client.open(fresh, edited);
      const expected = await client.diagnosticsFor(fresh, 30_000);
      await client.close(fresh);
      assert.deepEqual(
        comparable(diagnostics),
        comparable(expected),
        `after edit ${i}: ${JSON.stringify(edit)}`,
      );
    }
  });
});
