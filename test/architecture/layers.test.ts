// The analysis's folders are layers: imports between them go one way, so each folder can be read, tested and
// changed knowing only the ones below it. Files directly in server/src/analysis count one by one (types.ts is
// the bottom of everything, analyze.ts the top), folders as a whole.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const ANALYSIS = join(__dirname, '..', '..', 'server', 'src', 'analysis');
const IMPORT = /^(?:import|export)\b[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The unit a file belongs to: its top folder under analysis/, or the file itself when it lies directly there. */
function unitOf(file: string): string {
  const parts = relative(ANALYSIS, file).split(/[\\/]/);
  return parts.length > 1 ? `${parts[0]}/` : (parts[0] as string);
}

/** Every import between two units: type imports too, since a loop of types is a loop of concepts. */
export function unitGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(ANALYSIS)) {
    const from = unitOf(file);
    const edges = graph.get(from) ?? new Map<string, string[]>();
    graph.set(from, edges);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolve(dirname(file), match[1] as string);
      if (relative(ANALYSIS, target).startsWith('..')) continue;
      const to = unitOf(`${target}.ts`);
      if (to === from) continue;
      const via = edges.get(to) ?? [];
      via.push(`${relative(ANALYSIS, file)} -> ${match[1] as string}`);
      edges.set(to, via);
    }
  }
  return graph;
}

/** The strongly connected groups of more than one unit (Tarjan): each is a loop. */
function loops(graph: Map<string, Map<string, string[]>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next))
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1) found.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/**
 * The layers, bottom first: a unit imports only units of lower layers. ARCHITECTURE.md's code map describes
 * each; a new folder or top-level file takes its place here.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['types.ts', 'emptyList.ts'],
  ['buildFacts.ts'],
  ['config.ts', 'fixSafety.ts'],
  ['syntax/'],
  ['shell/', 'mount/', 'knowledge/'],
  ['model/'],
  ['edits/', 'suppressions.ts', 'suppressions/'],
  ['rules/'],
  ['query/'],
  ['incremental/'],
  ['analyze.ts'],
  ['fixAll.ts'],
  ['acrossFiles.ts', 'buildFiles.ts'],
];

describe('architecture: the analysis folders are layers', () => {
  it('imports only from lower layers (LAYERS), and every unit has a layer', () => {
    const layerOf = new Map(LAYERS.flatMap((units, layer) => units.map((unit) => [unit, layer] as const)));
    const problems: string[] = [];
    for (const [from, edges] of unitGraph()) {
      const own = layerOf.get(from);
      if (own === undefined) {
        problems.push(`${from} has no layer in LAYERS`);
        continue;
      }
      for (const [to, via] of edges) {
        const theirs = layerOf.get(to);
        if (theirs === undefined || theirs >= own) problems.push(`${from} -> ${to} (${via[0] ?? ''})`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('has no import loop between folders of server/src/analysis', () => {
    const graph = unitGraph();
    const described = loops(graph).map((group) => {
      const edges = group.flatMap((from) =>
        group.flatMap((to) => (graph.get(from)?.get(to) ?? []).slice(0, 2).map((e) => `    ${e}`)),
      );
      return `  ${group.join(' <-> ')}\n${edges.join('\n')}`;
    });
    assert.deepEqual(described, [], `import loops:\n${described.join('\n')}`);
  });

  it('sees the imports it checks (a sanity check of the reader itself)', () => {
    const graph = unitGraph();
    assert.ok(graph.get('rules/')?.has('model/'), 'rules/ imports model/');
    assert.ok(graph.get('analyze.ts')?.has('rules/'), 'analyze.ts imports rules/');
  });
});
