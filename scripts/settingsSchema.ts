// Renders the settings schemas from the rule registry, so settings cannot drift from the rules:
//   schemas/cachemount.schema.json   the JSON schema of .cachemount.json (editors validate and complete it)
//   package.json contributes.configuration   VS Code's settings, one entry per rule under cachemount.rules
// `npm run docs` writes both; test/analysis/docs.test.ts fails when either is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MULTI_PLATFORM, RULE_SETTINGS } from '../server/src/analysis/config';
import { RULE_METAS } from '../server/src/analysis/rules/registry';
import { docsUrl } from '../server/src/analysis/rules/rule';

const root = join(__dirname, '..');

const MULTI_PLATFORM_DOCS: Record<(typeof MULTI_PLATFORM)[number], string> = {
  detect:
    'Multi-platform when the Dockerfile shows it: platform ARGs or FROM --platform=$BUILDPLATFORM/$TARGETPLATFORM.',
  always: 'Builds target several platforms (docker buildx build --platform a,b), whatever the file shows.',
  never: 'Builds target one platform: platform-scoping checks stay silent.',
};

const UNSAFE_FIXES_DOCS =
  'Let Fix All, fix on save and `cachemount lint --fix` also apply unsafe fixes: those that change what the build does or which cache a mount uses (a new cache id, an added mount, a removed command). Off: they are only offered as quick fixes.';

function ruleProperties(): Record<string, object> {
  return Object.fromEntries(
    RULE_METAS.map((rule) => [
      rule.id,
      {
        type: 'string',
        enum: [...RULE_SETTINGS],
        default: rule.severity,
        markdownDescription: `${rule.summary} Default: \`${rule.severity}\`. [Docs](${docsUrl(rule.id)})`,
      },
    ]),
  );
}

export function renderConfigSchema(): string {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/cachemount/cachemount/blob/main/schemas/cachemount.schema.json',
    title: 'cachemount settings (.cachemount.json)',
    description:
      'Settings shared by the cachemount CLI and editor extension. The nearest .cachemount.json above a Dockerfile applies.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: {
        description: 'Severity per rule: off, hint, information, warning or error.',
        type: 'object',
        additionalProperties: false,
        properties: ruleProperties(),
      },
      multiPlatform: {
        description: 'Whether builds target several platforms.',
        type: 'string',
        enum: [...MULTI_PLATFORM],
        enumDescriptions: MULTI_PLATFORM.map((v) => MULTI_PLATFORM_DOCS[v]),
        default: 'detect',
      },
      unsafeFixes: {
        description: UNSAFE_FIXES_DOCS,
        type: 'boolean',
        default: false,
      },
    },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export function renderConfiguration(): object {
  return {
    title: 'cachemount',
    properties: {
      'cachemount.enable': {
        type: 'boolean',
        default: true,
        scope: 'resource',
        description: 'Check BuildKit cache mounts in Dockerfiles.',
      },
      'cachemount.workspace.index': {
        type: 'boolean',
        default: true,
        scope: 'window',
        markdownDescription:
          'Index the Dockerfiles, Bake, Compose and GitHub workflow files of the workspace folders (as `cachemount lint .` finds them, `.gitignore` honoured, at most 5,000 files a folder): cross-file cache id conflicts, how each file is built, and workflow jobs whose cache mounts start empty. Off: each Dockerfile is checked alone.',
      },
      'cachemount.rules': {
        type: 'object',
        default: {},
        scope: 'resource',
        markdownDescription:
          'Severity per rule (`off`, `hint`, `information`, `warning`, `error`). A `.cachemount.json` next to the Dockerfile or above it wins over this setting, rule by rule, so the editor reports what `cachemount lint` reports in CI.',
        additionalProperties: false,
        properties: ruleProperties(),
      },
      'cachemount.multiPlatform': {
        type: 'string',
        enum: [...MULTI_PLATFORM],
        enumDescriptions: MULTI_PLATFORM.map((v) => MULTI_PLATFORM_DOCS[v]),
        default: 'detect',
        scope: 'resource',
        description:
          'Whether builds target several platforms (decides whether platform-specific caches need a per-platform id).',
      },
      'cachemount.unsafeFixes': {
        type: 'boolean',
        default: false,
        scope: 'resource',
        markdownDescription: `${UNSAFE_FIXES_DOCS} \`unsafeFixes\` in a \`.cachemount.json\` wins over this setting.`,
      },
      'cachemount.trace.server': {
        type: 'string',
        enum: ['off', 'messages', 'verbose'],
        default: 'off',
        scope: 'window',
        description:
          'Log the messages between VS Code and the cachemount language server (in its output channel).',
      },
    },
  };
}

/** package.json with its `contributes.configuration` replaced, formatted as npm writes it. */
export function renderPackageJson(current: string): string {
  const manifest = JSON.parse(current) as { contributes: Record<string, unknown> };
  manifest.contributes.configuration = renderConfiguration();
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

if (process.argv[1]?.endsWith('settingsSchema.ts')) {
  writeFileSync(join(root, 'schemas', 'cachemount.schema.json'), renderConfigSchema());
  const packagePath = join(root, 'package.json');
  writeFileSync(packagePath, renderPackageJson(readFileSync(packagePath, 'utf8')));
}
