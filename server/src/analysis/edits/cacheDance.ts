// The workflow steps that keep a job's cache mounts between runs on a runner that starts empty: actions/cache
// saves and restores folders of the runner, and reproducible-containers/buildkit-cache-dance copies them into
// the builder's cache mounts before the build and back out after it. The dance's inputs are those of its
// action.yml at the pinned commit (cache-map, dockerfile, scratch-dir, skip-extraction, save-always,
// utility-image, builder); its `cache-map` is a JSON object from a runner folder to the mount options
// (`target`, and `id`, `uid`, `gid`, `mode` as the mount sets them: src/opts.ts `CacheOptions`).
import type { CiStep } from '../buildFacts';
import type { CacheMapEntry } from '../model/cacheMap';
import { cacheMapJson } from '../model/cacheMap';
import type { Position, TextEdit } from '../types';

/** Actions pinned by commit (a tag can be moved; a commit cannot), with the release it is, for readers. */
export const CACHE_DANCE_ACTION = {
  name: 'reproducible-containers/buildkit-cache-dance',
  commit: '653a570f730e3b9460adc576db523788ba59a0d7',
  release: 'v3.2.0',
} as const;

export const CACHE_ACTION = {
  name: 'actions/cache',
  commit: '27d5ce7f107fe9357f9df03efb73ab90386fccae',
  release: 'v5.0.5',
} as const;

export interface CacheDanceStep {
  step: CiStep;
  /** The Dockerfile built, from the repository root: the cache key follows its text. */
  dockerfile: string;
  entries: readonly CacheMapEntry[];
  /** Whether other builds of the job get steps of their own: each then needs ids of its own. */
  sharedJob: boolean;
  eol: '\n' | '\r\n';
}

/**
 * The edits that insert the two steps before the build step, and give the setup-buildx-action step an id when
 * it has none (the dance must reach the builder that step made). Undefined when the builder cannot be named.
 */
export function cacheDanceEdits(input: CacheDanceStep): TextEdit[] | undefined {
  const { step, dockerfile, entries, eol } = input;
  if (step.buildx === null) return undefined;
  const taken = new Set(step.ids);
  const cacheId = freeId(input.sharedJob ? `cache-mounts-${step.index + 1}` : 'cache-mounts', taken);
  const edits: TextEdit[] = [];
  let builder: string | undefined;
  if (step.buildx && 'id' in step.buildx) builder = step.buildx.id;
  else if (step.buildx) {
    builder = freeId('buildx', taken);
    const at = step.buildx.idAt;
    edits.push(insertAt(at, `id: ${builder}${eol}${' '.repeat(step.buildx.keyColumn)}`));
  }
  const keys = ' '.repeat(step.keyColumn);
  const more = `${keys}  `;
  const prefix = `cache-mounts-${slug(dockerfile)}-\${{ runner.os }}-`;
  const lines = [
    `- name: Restore the cache mounts' folders`,
    `${keys}id: ${cacheId}`,
    `${keys}uses: ${CACHE_ACTION.name}@${CACHE_ACTION.commit} # ${CACHE_ACTION.release}`,
    `${keys}with:`,
    `${more}path: |`,
    ...entries.map((entry) => `${more}  ${entry.source}`),
    `${more}key: ${prefix}\${{ hashFiles('${dockerfile}') }}`,
    `${more}restore-keys: ${prefix}`,
    `${' '.repeat(step.dash.character)}- name: Put the cache mounts into the builder`,
    `${keys}uses: ${CACHE_DANCE_ACTION.name}@${CACHE_DANCE_ACTION.commit} # ${CACHE_DANCE_ACTION.release}`,
    `${keys}with:`,
    ...(builder ? [`${more}builder: \${{ steps.${builder}.outputs.name }}`] : []),
    `${more}cache-map: |`,
    ...cacheMapJson(entries)
      .split('\n')
      .map((line) => `${more}  ${line}`),
    `${more}skip-extraction: \${{ steps.${cacheId}.outputs.cache-hit }}`,
  ];
  // Inserted at the build step's `-`: the new steps end where it started, at its column.
  edits.push(insertAt(step.dash, `${lines.join(eol)}${eol}${' '.repeat(step.dash.character)}`));
  return edits;
}

function insertAt(at: Position, newText: string): TextEdit {
  return { range: { start: at, end: at }, newText };
}

function freeId(wanted: string, taken: Set<string>): string {
  let id = wanted;
  for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`;
  taken.add(id);
  return id;
}

/** `services/api/Dockerfile` → `services-api-Dockerfile`: a cache key part that names the file. */
function slug(path: string): string {
  return path.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'Dockerfile';
}
