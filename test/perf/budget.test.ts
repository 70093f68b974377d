import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, it } from 'node:test';
import type { AnalysisResult } from '../../bench/analysis';
import { measureAnalysis } from '../../bench/analysis';
import { CI_LIMITS } from '../../bench/budgets';
import { measureCli, tallyBinary } from '../../bench/cli';
import { generateDockerfile } from '../../bench/generate';
import { measureKeystrokes } from '../../bench/keystroke';
import { measureMemory } from '../../bench/memory';

/**
 * The CI bench check: a short version of `npm run bench` that fails only on gross regressions, so that a
 * noisy machine never blocks work. Times are compared with a peer or with each other measured in the same
 * run (ratios), not with fixed numbers; each limit is twice what bench/budgets.ts explains.
 * `npm run bench` measures properly and reports every budget.
 */
const ROOT = join(__dirname, '..', '..');

describe('bench check: gross performance regressions', () => {
  const thousand = generateDockerfile(1000);
  let measured: AnalysisResult | undefined;
  // Measured once, used by several checks: the check must stay short.
  const analysisOfThousand = (): AnalysisResult => (measured ??= measureAnalysis(thousand, 9));

  it('analysis is within the limit of dockerfile-utils validate() on the same 1,000 lines', () => {
    const result = analysisOfThousand();
    const ratio = result.cachemount / result.dockerfileUtils;
    assert.ok(
      ratio <= CI_LIMITS.analysisVsValidate,
      `analyze() took ${result.cachemount.toFixed(1)} ms, validate() ${result.dockerfileUtils.toFixed(1)} ms: ${ratio.toFixed(2)}x, limit ${CI_LIMITS.analysisVsValidate}x`,
    );
  });

  it('analysis time grows about linearly from 1,000 to 4,000 lines', () => {
    const small = analysisOfThousand();
    const large = measureAnalysis(generateDockerfile(4000), 3);
    const perLine = large.cachemount / large.lines / (small.cachemount / small.lines);
    // Against dockerfile-utils' own growth on the same files, so machine load cancels out.
    const theirs = large.dockerfileUtils / large.lines / (small.dockerfileUtils / small.lines);
    assert.ok(
      perLine <= CI_LIMITS.linearity * Math.max(1, theirs),
      `time per line grew ${perLine.toFixed(2)}x from 1,000 to 4,000 lines (dockerfile-utils: ${theirs.toFixed(2)}x)`,
    );
  });

  it('the server adds little to the analysis on a keystroke (1,000 lines, real server over stdio)', async () => {
    const keystrokes = await measureKeystrokes(thousand, 20);
    const analysis = analysisOfThousand().cachemount;
    const overhead = keystrokes.p50 / analysis;
    assert.ok(
      overhead <= CI_LIMITS.keystrokeOverAnalysis,
      `keystroke p50 ${keystrokes.p50.toFixed(1)} ms is ${overhead.toFixed(2)}x the analysis (${analysis.toFixed(1)} ms)`,
    );
  });

  it('the CLI is many times faster than tally on 1,000 lines (whole process)', (t) => {
    if (!tallyBinary()) {
      t.skip('tally is not installed (its npm package is for linux-x64 only)');
      return;
    }
    // Three runs of ours (a third of a second each) against one of tally's, which takes seconds.
    const result = measureCli(thousand, 1000, 3, 1);
    const speedup = (result.tally ?? NaN) / result.cachemount;
    assert.ok(
      speedup >= CI_LIMITS.cliSpeedupVsTally,
      `cachemount ${result.cachemount.toFixed(0)} ms, tally ${result.tally?.toFixed(0)} ms: ${speedup.toFixed(1)}x, limit ${CI_LIMITS.cliSpeedupVsTally}x`,
    );
  });

  it('server memory stays flat while documents are opened and closed', () => {
    const { samples } = measureMemory(120, 30);
    const first = samples[1];
    const last = samples[samples.length - 1];
    assert.ok(first && last);
    const growth = last.heapUsed - first.heapUsed;
    assert.ok(
      growth <= CI_LIMITS.memoryGrowthBytes,
      `heap grew ${(growth / 1024 / 1024).toFixed(1)} MB from document ${first.documents} to ${last.documents}`,
    );
  });

  it('the production bundles stay small enough for a .vsix well under its budget', () => {
    // Built into a temporary folder: dist/ belongs to the tests running beside this one.
    const outdir = mkdtempSync(join(tmpdir(), 'cachemount-size-'));
    try {
      const build = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--outdir', outdir], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      assert.equal(build.status, 0, build.stderr);
      // What the .vsix (a zip) stores for the bundles it ships: their deflated bytes.
      const packed = ['extension.js', 'server.js']
        .map((name) => deflateRawSync(readFileSync(join(outdir, name))).length)
        .reduce((a, b) => a + b, 0);
      assert.ok(
        packed <= CI_LIMITS.packedBundleBytes,
        `bundles take ${(packed / 1024).toFixed(0)} KB packed`,
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
