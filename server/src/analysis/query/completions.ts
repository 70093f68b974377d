import { KEY_DOCS, MOUNT_FLAG_DOC, SHARING_DOCS, TYPE_DOCS } from './mountDocs';
import { mountCache } from '../model/mountCache';
import type { Recommendation } from '../knowledge/recommendations';
import { RECOMMENDATIONS } from '../knowledge/recommendations';
import { toolsForImage } from '../knowledge/images';
import { runCommands } from '../model/commands';
import { rootImageOf } from '../model/stages';
import { programOf } from '../shell/programs';
import { TOOL_CACHES } from '../knowledge/toolCaches';
import type { CanonicalKey } from '../mount/keys';
import { BARE_KEYS, KEY_ALIASES, MOUNT_TYPES, SHARING_MODES } from '../mount/keys';
import { planMounts, targetFor } from '../edits/recommend';
import { isRootUser } from '../knowledge/users';
import { userIds } from '../model/userIds';
import type { DockerfileModel, Mount, RunInstruction } from '../model/types';
import { declareArgEdit } from '../edits/fixes';
import type { Position, Range, TextEdit } from '../types';
import type { CompletionContext } from './completionContext';
import { completionContextAt } from './completionContext';
import { indentOf } from '../syntax/indent';

/** A completion, independent of the protocol: the service turns it into an LSP CompletionItem. */
export interface Completion {
  label: string;
  kind: 'snippet' | 'flag' | 'key' | 'value';
  /** One line: what the item inserts or is. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replaces `range`. With `snippet`, LSP snippet syntax (`${1:target}`, `$0`). */
  insert: string;
  snippet: boolean;
  range: Range;
  /** Edits elsewhere in the file, such as declaring `ARG TARGETPLATFORM` in the stage. */
  additionalEdits?: TextEdit[];
  /** The recommended choice: listed first and preselected. */
  preferred?: boolean;
  /** What the editor matches the typed text against, when it differs from the label. */
  filterText?: string;
  /** Ask for completion again after inserting (a key's `=`). */
  retrigger?: boolean;
}

/** Completions at a position inside a RUN's flags; none elsewhere. Never throws. */
export function completionsAt(model: DockerfileModel, position: Position): Completion[] {
  const context = completionContextAt(model, position);
  if (!context) return [];
  switch (context.kind) {
    case 'flag':
      return flagCompletions(model, context);
    case 'key':
      return keyCompletions(context);
    case 'value':
      return valueCompletions(model, context);
  }
}

type Context<K extends CompletionContext['kind']> = Extract<CompletionContext, { kind: K }>;

/** Keys in the order people reach for them; aliases are left to hovers and "did you mean". */
const KEY_ORDER: readonly CanonicalKey[] = [
  'type',
  'target',
  'id',
  'sharing',
  'source',
  'from',
  'uid',
  'gid',
  'mode',
  'size',
  'required',
  'env',
  'readonly',
  'readwrite',
];

/**
 * The recommendations in the order a user of this RUN wants them: the tools its commands run, then those its
 * stage's image is for (cargo under `FROM rust`), then the rest in the knowledge base's order.
 */
function byRelevance(run: RunInstruction): Recommendation[] {
  const programs = new Set(runCommands(run).map(programOf));
  const image = rootImageOf(run.stage);
  const imageTools = image ? toolsForImage(image) : [];
  const rank = (r: Recommendation): number => {
    if (r.commands.some((c) => c.programs.some((p) => programs.has(p)))) return 0;
    const at = imageTools.indexOf(r.tool);
    return at === -1 ? 100 : 1 + at;
  };
  return RECOMMENDATIONS.map((r, index) => ({ r, index, rank: rank(r) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ r }) => r);
}

function flagCompletions(model: DockerfileModel, context: Context<'flag'>): Completion[] {
  const { run, range } = context;
  // A space (or the continuation) between the new flag and whatever follows it on the line.
  const after = model.text.charAt(model.lines.offsetAt(range.end));
  const separator = after !== '' && !/\s/.test(after) ? ' ' : '';
  const mounted = new Set(run.mounts.map((m) => mountCache(m)?.cache.id).filter((id) => id !== undefined));
  const completions: Completion[] = [];

  for (const recommendation of byRelevance(run)) {
    if (recommendation.caches.some((id) => mounted.has(id))) continue;
    const plan = planMounts(model, run, recommendation);
    if (!plan || plan.length === 0) continue;
    const mounts = plan.map((p) => p.text);
    const lineIndent = indentOf(model.lines.lineText(range.start.line));
    const joined = mounts.join(` ${model.escapeChar}${model.eol}${lineIndent}    `);
    const completion: Completion = {
      label: `--mount cache for ${recommendation.tool}`,
      kind: 'snippet',
      detail: mounts.join(' '),
      documentation: [
        `Cache mount${plan.length > 1 ? 's' : ''} for ${recommendation.tool}, written for this RUN's USER and ENV:`,
        '',
        ...plan.map(
          (p) => `- \`${p.target}\`: ${p.cache.description}; ${sharingReason(p.cache.concurrency)}`,
        ),
      ].join('\n'),
      insert: `${joined}${separator}`,
      snippet: false,
      range,
      filterText: `--mount=type=cache ${recommendation.tool}`,
    };
    if (plan.some((p) => p.usesTargetPlatform) && !run.scope.bindings.has('TARGETPLATFORM'))
      completion.additionalEdits = [declareArgEdit(model, run.stage, 'TARGETPLATFORM')];
    completions.push(completion);
  }

  const generic: Array<[string, string, string]> = [
    ['--mount=type=cache', '--mount=type=cache,target=${1:path}', TYPE_DOCS.cache],
    ['--mount=type=bind', '--mount=type=bind,source=${1:path},target=${2:path}', TYPE_DOCS.bind],
    ['--mount=type=tmpfs', '--mount=type=tmpfs,target=${1:/tmp}', TYPE_DOCS.tmpfs],
    ['--mount=type=secret', '--mount=type=secret,id=${1:name}', TYPE_DOCS.secret],
    ['--mount=type=ssh', '--mount=type=ssh', TYPE_DOCS.ssh],
  ];
  for (const [label, insert, doc] of generic)
    completions.push({
      label,
      kind: 'flag',
      documentation: `${MOUNT_FLAG_DOC}\n\n\`type=${label.slice('--mount=type='.length)}\`: ${doc}`,
      insert: `${insert}${separator}`,
      snippet: true,
      range,
    });
  return completions;
}

function sharingReason(concurrency: string): string {
  return concurrency === 'safe'
    ? 'safe to share between concurrent builds'
    : '`sharing=locked`: not safe for concurrent writers';
}

function keyCompletions(context: Context<'key'>): Completion[] {
  const { mount, range, typed } = context;
  // Without `type=` BuildKit makes a bind mount: offer `type` first, then what a bind mount takes.
  const type = mount.effective.type;
  const typing = KEY_ALIASES[typed.trim().toLowerCase()];
  // Each key once, but the field being typed may be completed to what it already is.
  const present = new Set(
    mount.options
      .map((o) => o.canonical)
      .filter((key): key is CanonicalKey => key !== undefined && key !== typing),
  );
  if (present.has('readonly')) present.add('readwrite');
  if (present.has('readwrite')) present.add('readonly');
  const completions: Completion[] = [];
  for (const key of KEY_ORDER) {
    if (present.has(key)) continue;
    const doc = KEY_DOCS[key];
    if (doc.types !== 'all' && !doc.types.some((t) => t === type)) continue;
    const bare = BARE_KEYS.has(key);
    const aliases =
      doc.aliases.length > 0 ? `\n\nAlso written: ${doc.aliases.map((a) => `\`${a}\``).join(', ')}.` : '';
    completions.push({
      label: key,
      kind: 'key',
      detail: doc.types === 'all' ? 'every mount type' : `type=${doc.types.join('|')}`,
      documentation: `${doc.summary}\n\nDefault: ${doc.defaultValue}.${aliases}`,
      insert: bare ? key : `${key}=`,
      snippet: false,
      range,
      retrigger: !bare,
      ...(key === 'type' && !mount.effective.typeOption ? { preferred: true } : {}),
    });
  }
  return completions;
}

function valueCompletions(model: DockerfileModel, context: Context<'value'>): Completion[] {
  const { mount, range, run } = context;
  const key = KEY_ALIASES[context.key];
  const value = (label: string, documentation: string, extra: Partial<Completion> = {}): Completion => ({
    label,
    kind: 'value',
    documentation,
    insert: label,
    snippet: false,
    range,
    ...extra,
  });
  switch (key) {
    case 'type':
      return MOUNT_TYPES.map((t) => value(t, TYPE_DOCS[t], t === 'cache' ? { preferred: true } : {}));
    case 'sharing': {
      const cache = mountCache(mount)?.cache;
      const recommended = cache ? (cache.concurrency === 'safe' ? 'shared' : 'locked') : undefined;
      return SHARING_MODES.map((mode) => {
        const doc = SHARING_DOCS[mode];
        const extra: Partial<Completion> = {};
        if (mode === recommended && cache) {
          extra.preferred = true;
          extra.detail = `recommended for ${cache.tool}'s ${cache.description}`;
        }
        return value(mode, `${doc.summary}\n\nUse when ${doc.useWhen}`, extra);
      });
    }
    case 'readonly':
    case 'readwrite':
    case 'required':
      return ['true', 'false'].map((b) => value(b, KEY_DOCS[key].summary));
    case 'from':
      return model.stages
        .filter((stage) => stage.index < run.stage.index && stage.name !== undefined)
        .map((stage) => value(stage.name ?? '', `Stage ${stage.index} (\`FROM ${stage.image.written}\`).`));
    case 'target':
      return targetCompletions(mount, run, value);
    case 'id':
      return idCompletions(model, mount, run, value);
    case 'uid':
    case 'gid': {
      if (isRootUser(run.user.value)) return [];
      const ids = userIds(model, run, run.user.value);
      const id = key === 'uid' ? ids?.uid : ids?.gid;
      if (id === undefined) return [];
      return [
        value(String(id), `The ${key} of \`USER ${run.user.value}\`, who runs this RUN.`, {
          preferred: true,
        }),
      ];
    }
    default:
      return [];
  }
}

type ValueMaker = (label: string, documentation: string, extra?: Partial<Completion>) => Completion;

/** For a cache mount: where each known tool keeps its cache for this RUN's USER and ENV. */
function targetCompletions(mount: Mount, run: RunInstruction, value: ValueMaker): Completion[] {
  if (mount.effective.type === 'tmpfs')
    return [value('/tmp', 'Scratch space that does not outlive the RUN.')];
  if (mount.effective.type !== 'cache') return [];
  const seen = new Set<string>();
  const completions: Completion[] = [];
  for (const cache of TOOL_CACHES) {
    if (cache.buildOutput) continue;
    const target = targetFor(cache, run);
    if (!target || seen.has(target)) continue;
    seen.add(target);
    completions.push(
      value(target, `${cache.tool}: ${cache.description}. ${cache.concurrencyNote}`, {
        detail: `${cache.tool}: ${cache.description}`,
      }),
    );
  }
  return completions;
}

/** Ids other cache mounts of the file use, and the tool's own name scoped by platform where it matters. */
function idCompletions(
  model: DockerfileModel,
  mount: Mount,
  run: RunInstruction,
  value: ValueMaker,
): Completion[] {
  const completions: Completion[] = [];
  const seen = new Set<string>();
  const cache = mountCache(mount)?.cache;
  if (cache) {
    const scoped = cache.platformSpecific !== false;
    const id = scoped ? `${cache.id}-\${TARGETPLATFORM}` : cache.id;
    const extra: Partial<Completion> = { preferred: true, detail: `${cache.tool}: ${cache.description}` };
    if (scoped && !run.scope.bindings.has('TARGETPLATFORM'))
      extra.additionalEdits = [declareArgEdit(model, run.stage, 'TARGETPLATFORM')];
    const why = scoped
      ? 'Scoped by platform: amd64 and arm64 builds get separate caches, since the contents are platform-specific.'
      : 'Named after the tool, so that every mount of this cache shares it.';
    completions.push(value(id, why, extra));
    seen.add(id);
  }
  for (const other of model.runs.flatMap((r) => r.mounts)) {
    const option = other.effective.id.option;
    if (other === mount || other.effective.type !== 'cache' || !option?.value) continue;
    const written = option.value.text;
    if (seen.has(written)) continue;
    seen.add(written);
    const target = other.effective.target?.written;
    completions.push(
      value(
        written,
        `Used by another cache mount${target ? ` (target \`${target}\`)` : ''}: the same id shares the cache.`,
      ),
    );
  }
  return completions;
}
