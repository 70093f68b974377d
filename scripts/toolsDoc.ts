// Renders docs/tools.md from the knowledge base, so the documentation cannot drift from the data.
// `npm run docs` writes it; test/analysis/docs.test.ts fails when it is out of date.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOL_CACHES } from '../server/src/analysis/knowledge/toolCaches';

const CONCURRENCY = { safe: 'yes', unsafe: '**no**', unclear: 'not documented (treated as no)' } as const;

export function renderToolsDoc(): string {
  const rows = TOOL_CACHES.map((c) => {
    const moved =
      c.movedBy
        .map((m) =>
          m.extract
            ? `\`$${m.variable}\` (${m.extract.source.split('=')[0]?.replace(/\\/g, '')}=)`
            : `\`$${m.variable}${m.suffix ?? ''}\``,
        )
        .join(', ') || '—';
    const platform = c.platformSpecific === 'partly' ? 'partly' : c.platformSpecific ? 'yes' : 'no';
    const emptied = c.emptiedBy.map((e) => `\`${e}\``).join(', ') || '—';
    return `| \`${c.id}\` | ${c.tool} | ${c.paths.map((p) => `\`${p}\``).join(', ')} | ${moved} | ${CONCURRENCY[c.concurrency]} | ${platform} | ${emptied} | ${c.sources.join('; ')} |`;
  });
  return [
    '# Tool caches cachemount knows',
    '',
    'Generated from `server/src/analysis/knowledge/toolCaches.ts` by `npm run docs`; do not edit by hand.',
    '',
    'A cache mount is recognised when its resolved target (variables, ENV, WORKDIR applied) is one of these',
    "directories or lies below it. `~` is the home of the RUN's user: `/root` for root, `/home/<name>` or `$HOME`",
    'otherwise. "Moved by" variables relocate the cache to their value (plus the suffix shown). Official images',
    'set some of them: `rust` sets `CARGO_HOME=/usr/local/cargo`, `golang` sets `GOPATH=/go`.',
    '',
    '| id | tool | default directories | moved by | concurrent builds | platform-specific | emptied or bypassed by | sources |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1]?.endsWith('toolsDoc.ts')) {
  writeFileSync(join(__dirname, '..', 'docs', 'tools.md'), renderToolsDoc());
}
