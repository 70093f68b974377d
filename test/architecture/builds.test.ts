// server/src/builds reads build definitions as the analysis reads Dockerfiles: text in, facts out. It does no
// IO and knows nothing of the protocol or the CLI, so the server and the CLI share it and tests need no files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const BUILDS = join(__dirname, '..', '..', 'server', 'src', 'builds');
const FROM = /^(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm;

describe('architecture: build definitions are pure', () => {
  it('import only each other, the analysis and the yaml parser', () => {
    const problems: string[] = [];
    const files = readdirSync(BUILDS).filter((name) => name.endsWith('.ts'));
    assert.ok(files.length >= 5, 'sees the files it checks');
    for (const name of files)
      for (const match of readFileSync(join(BUILDS, name), 'utf8').matchAll(FROM)) {
        const target = match[1] ?? '';
        const allowed = target === 'yaml' || target.startsWith('./') || target.startsWith('../analysis/');
        if (!allowed) problems.push(`${name} imports ${target}`);
      }
    assert.deepEqual(problems, []);
  });
});
