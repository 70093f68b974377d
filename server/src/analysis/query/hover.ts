import { KEY_DOCS, MOUNT_FLAG_DOC, SHARING_DOCS, TYPE_DOCS } from './mountDocs';
import { mountCache } from '../model/mountCache';
import { concurrencyAt } from '../knowledge/tools';
import type { MountType, SharingMode } from '../mount/keys';
import { SHARING_MODES } from '../mount/keys';
import type { DockerfileModel, Mount, MountOption } from '../model/types';
import { mountElementAt } from './elementAt';
import { expandForPlatform, platformReferences } from '../model/platforms';
import type { Finding, Position, Range } from '../types';
import { RULE_WHY } from '../rules/why.generated';
import { docsUrl } from '../rules/rule';

/** What a hover shows: Markdown, and the range of the mount element it is about. */
export interface HoverContent {
  markdown: string;
  range: Range;
}

/** Markdown for whatever part of a `--mount` flag is under the cursor. */
export function hoverAt(model: DockerfileModel, position: Position): HoverContent | undefined {
  const element = mountElementAt(model, position);
  if (!element) return undefined;
  let markdown: string;
  if (element.kind === 'flag') markdown = flagHover(model, element.mount);
  else if (element.kind === 'key') markdown = keyHover(element.option);
  else markdown = valueHover(element.mount, element.option);
  if (element.kind !== 'flag' && element.option.canonical === 'id')
    markdown += idDetails(model, element.mount, element.option);
  return { markdown, range: element.range };
}

function flagHover(model: DockerfileModel, mount: Mount): string {
  const lines = ['**`--mount`**', '', MOUNT_FLAG_DOC, '', summary(model, mount)];
  return lines.join('\n');
}

/** The card for one mount: what BuildKit will do with it, and what that means for concurrent builds. */
function summary(model: DockerfileModel, mount: Mount): string {
  const { effective } = mount;
  const rows = [`- type: \`${effective.type}\``];
  if (effective.target) rows.push(`- target: \`${effective.target.absolute}\``);
  if (effective.type !== 'cache') return rows.join('\n');

  const { id, sharing } = effective;
  const idNote = id.implied ? ' (defaults to the target path)' : '';
  const buildTime = id.complete ? '' : ' (parts are only known at build time)';
  rows.push(`- id: \`${id.value}\`${idNote}${buildTime}`);
  rows.push(...givenArguments(model, mount));

  const match = mountCache(mount);
  if (match) {
    const { cache } = match;
    const at = concurrencyAt(cache, match.directory, effective.target?.absolute ?? match.directory);
    const safety =
      at.concurrency === 'safe'
        ? 'safe for concurrent builds'
        : at.concurrency === 'unsafe'
          ? 'not safe for concurrent writers'
          : 'concurrent use not documented: treat as unsafe';
    rows.push(`- tool: ${cache.tool}, ${cache.description}: ${safety} (${at.note})`);
  }

  const mode = (SHARING_MODES as readonly string[]).includes(sharing.value)
    ? (sharing.value as SharingMode)
    : undefined;
  const meaning = mode ? SHARING_DOCS[mode].summary : 'not a sharing mode BuildKit accepts';
  rows.push(`- sharing: \`${sharing.value}\`${sharing.implied ? ' (default)' : ''}: ${meaning}`);

  if (id.complete) {
    const others = model.runs
      .flatMap((r) => r.mounts)
      .filter(
        (m) =>
          m !== mount &&
          m.effective.type === 'cache' &&
          m.effective.id.complete &&
          m.effective.id.value === id.value,
      );
    rows.push(
      others.length === 0
        ? '- no other mount in this file uses this cache (other Dockerfiles built on the same builder may)'
        : `- ${others.length} other mount${others.length === 1 ? '' : 's'} in this file use${others.length === 1 ? 's' : ''} this cache (line${others.length === 1 ? '' : 's'} ${others.map((m) => m.range.start.line + 1).join(', ')})`,
    );
  }
  return rows.join('\n');
}

/**
 * What the build definitions give the build arguments the id uses (at most two rows): the value every build
 * gets, or the values some builds get while others keep the ARG's own.
 */
function givenArguments(model: DockerfileModel, mount: Mount): string[] {
  const facts = model.builds?.args;
  const option = mount.effective.id.option;
  if (!facts || !option?.expanded) return [];
  const rows: string[] = [];
  for (const name of new Set(option.expanded.references.map((r) => r.name))) {
    const fact = facts[name];
    if (!fact || rows.length === 2) continue;
    const from =
      fact.from.length > 1 ? `${fact.from[0] ?? ''} and ${fact.from.length - 1} more` : (fact.from[0] ?? '');
    const values = fact.values.map((v) => `\`${v}\``).join(', ');
    const binding = mount.run.scope.bindings.get(name);
    rows.push(
      binding?.given
        ? `- build argument ${name}: ${values}, from ${from}`
        : binding?.kind === 'arg'
          ? `- build argument ${name}: ${values} in ${from}; other builds differ, so the id does too`
          : `- build argument ${name}: ${values} in ${from}, but no \`ARG ${name}\` in this stage takes it`,
    );
  }
  return rows;
}

function keyHover(option: MountOption): string {
  if (!option.canonical) return `**\`${option.key}\`** is not a mount option BuildKit knows.`;
  const doc = KEY_DOCS[option.canonical];
  const alias = option.key !== doc.key ? ` (alias of \`${doc.key}\`)` : '';
  const aliases =
    doc.aliases.length > 0 && option.key === doc.key
      ? `\n\nAliases: ${doc.aliases.map((a) => `\`${a}\``).join(', ')}.`
      : '';
  const types = doc.types === 'all' ? 'all mount types' : doc.types.map((t) => `\`${t}\``).join(', ');
  const parts = [
    `**\`${option.key}\`**${alias}`,
    '',
    doc.summary + aliases,
    '',
    `Default: ${doc.defaultValue}. Applies to ${types}.`,
  ];
  if (doc.key === 'sharing') parts.push('', sharingModes(undefined));
  return parts.join('\n');
}

function valueHover(mount: Mount, option: MountOption): string {
  const value = option.expanded?.value ?? option.value?.text ?? '';
  const lower = value.toLowerCase();
  if (option.canonical === 'sharing' && (SHARING_MODES as readonly string[]).includes(lower)) {
    const doc = SHARING_DOCS[lower as SharingMode];
    // The current mode once, first; the others after it, each once.
    return [
      `**\`sharing=${doc.mode}\`**: ${doc.summary} Use it when ${doc.useWhen}`,
      '',
      'The other modes:',
      '',
      sharingModes(doc.mode),
    ].join('\n');
  }
  if (option.canonical === 'type' && lower in TYPE_DOCS) {
    return [`**\`type=${lower}\`**`, '', TYPE_DOCS[lower as MountType]].join('\n');
  }
  const parts = [keyHover(option)];
  const written = option.value?.text ?? '';
  // An id's expansion is in idDetails, once.
  if (
    option.canonical !== 'id' &&
    option.expanded &&
    !option.expanded.error &&
    option.expanded.value !== written
  ) {
    const note = option.expanded.complete ? '' : ' (parts are only known at build time)';
    parts.push('', `Expands to \`${option.expanded.value}\`${note}.`);
  }
  if (option.canonical === 'target' && mount.effective.target && mount.effective.target.absolute !== value) {
    parts.push('', `Mounted at \`${mount.effective.target.absolute}\` (joined to WORKDIR).`);
  }
  return parts.join('\n');
}

/** The id after expansion, and per target platform when it depends on one. */
function idDetails(model: DockerfileModel, mount: Mount, option: MountOption): string {
  const expansion = option.expanded;
  if (!expansion || expansion.error) return '';
  const parts = [
    '',
    '',
    `Cache id after expansion: \`${expansion.value}\`${expansion.complete ? '' : ' (parts are only known at build time)'}.`,
  ];
  if (platformReferences(option).length > 0) {
    const rows = PLATFORMS.map((platform) => {
      const value =
        expandForPlatform(option, mount.run, platform, model.escapeChar).value ||
        '(empty: the id falls back to the target)';
      return `| \`${platform}\` | \`${value}\` |`;
    });
    parts.push('', '| building for | id |', '|---|---|', ...rows);
  }
  return parts.join('\n');
}

const PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;

/** The sharing modes as sentences, one bullet each, leaving out `except` (the one already described). */
function sharingModes(except: SharingMode | undefined): string {
  return SHARING_MODES.filter((mode) => mode !== except)
    .map((mode) => {
      const doc = SHARING_DOCS[mode];
      return `- \`${mode}\`: ${doc.summary} Use it when ${doc.useWhen}`;
    })
    .join('\n');
}

function contains(range: Range, position: Position): boolean {
  const { start, end } = range;
  if (position.line < start.line || position.line > end.line) return false;
  if (position.line === start.line && position.character < start.character) return false;
  return !(position.line === end.line && position.character > end.character);
}

/**
 * Why each finding under the cursor matters, from its rule's docs: the editor shows the one-line message, and
 * this line under it. Each rule once, however many of its findings overlap.
 */
export function whyAt(findings: readonly Finding[], position: Position): HoverContent | undefined {
  const here = findings.filter((f) => contains(f.range, position));
  const first = here[0];
  if (!first) return undefined;
  const rules = [...new Set(here.map((f) => f.rule))];
  const markdown = rules
    .map((rule) => `**Why** (\`${rule}\`): ${RULE_WHY[rule] ?? ''} [Docs](${docsUrl(rule)})`)
    .join('\n\n');
  return { markdown, range: first.range };
}
