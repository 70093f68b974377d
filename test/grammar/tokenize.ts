/**
 * Tokenizes Dockerfiles the way VS Code does: its TextMate engine (vscode-textmate, vscode-oniguruma), VS Code's
 * own Dockerfile grammar (`source.dockerfile`, from tm-grammars, which records the VS Code commit it came
 * from) and our injection grammar, injected as package.json's `contributes.grammars` says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRawGrammar, Registry, INITIAL } from 'vscode-textmate';
import type { IGrammar, StateStack } from 'vscode-textmate';
import { createOnigScanner, createOnigString, loadWASM } from 'vscode-oniguruma';

const ROOT = join(__dirname, '..', '..');

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

function contributions(): GrammarContribution[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { grammars: GrammarContribution[] };
  };
  return manifest.contributes.grammars;
}

let dockerfile: Promise<IGrammar> | undefined;

export function dockerfileGrammar(): Promise<IGrammar> {
  dockerfile ??= load();
  return dockerfile;
}

async function load(): Promise<IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const ours = contributions();
  const files = new Map<string, string>([
    ['source.dockerfile', require.resolve('tm-grammars/grammars/docker.json')],
    ...ours.map((g): [string, string] => [g.scopeName, join(ROOT, g.path)]),
  ]);
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner, createOnigString }),
    loadGrammar: (scopeName) => {
      const file = files.get(scopeName);
      return Promise.resolve(file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null);
    },
    getInjections: (scopeName) => ours.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
  });
  const grammar = await registry.loadGrammar('source.dockerfile');
  if (!grammar) throw new Error('source.dockerfile did not load');
  return grammar;
}

/** The scopes of every character of every line: `scopes[line][column]`. */
export function scopesOf(grammar: IGrammar, text: string): string[][][] {
  let state: StateStack = INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    const columns: string[][] = Array.from({ length: line.length }, () => []);
    for (const token of result.tokens)
      for (let c = token.startIndex; c < Math.min(token.endIndex, line.length); c++)
        columns[c] = token.scopes;
    return columns;
  });
}
