import { readFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type { CompileCache } from './compileCache';
import { openCompileCache, readCompileCache, writeCompileCache } from './compileCache';
import { raiseTierUpThreshold } from './tierUp';

/** Replaced at bundle time with a hash of dist/cli-main.js's bytes (esbuild.mjs): the cache's key. */
declare const __CACHEMOUNT_CLI_MAIN_HASH__: string;

/** What the bundle exports for this launcher (server/src/cli/main.ts). */
interface MainExports {
  linted?: boolean;
}

type CommonJsWrapper = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: MainExports },
  filename: string,
  dirname: string,
) => void;

/**
 * `cachemount`, the bin: runs dist/cli-main.js, the CLI itself, as Node's CommonJS loader would, but compiled
 * with V8's code cache from the last run when there is one. Most of a CLI run is start-up, and compiling the
 * bundle and the analysis functions it calls is a large part of it (docs/performance.md). Node 22's
 * `module.enableCompileCache` does the same for every module; this works on Node 20 too, with one path on
 * every version.
 */
function launch(): void {
  raiseTierUpThreshold();
  const main = path.join(__dirname, 'cli-main.js');
  const source = readFileSync(main, 'utf8');
  const cache = openCompileCache(__CACHEMOUNT_CLI_MAIN_HASH__);
  const cachedData = cache?.seenBefore ? readCompileCache(cache) : undefined;
  // V8 checks the data against its version, its flags, the source's length and its checksum (compileCache.ts),
  // and rejects what does not match: a stale or damaged cache costs a normal compile, never a wrong program.
  const script = new vm.Script(Module.wrap(source), { filename: main, cachedData });
  const mainModule: { exports: MainExports } = { exports: {} };
  if (cache?.seenBefore && (!cachedData || script.cachedDataRejected === true))
    keepCompiledCode(cache, script, mainModule);
  const wrapper = script.runInThisContext() as CommonJsWrapper;
  wrapper.call(mainModule.exports, mainModule.exports, require, mainModule, main, __dirname);
}

/**
 * At exit, once the run has compiled what it used, so that the cache holds the analysis functions too. Only
 * a run that linted: `--version` compiles too little of the bundle to be worth keeping.
 */
function keepCompiledCode(
  cache: CompileCache,
  script: vm.Script,
  mainModule: { exports: MainExports },
): void {
  process.once('exit', () => {
    if (mainModule.exports.linted) writeCompileCache(cache, () => script.createCachedData());
  });
}

launch();
