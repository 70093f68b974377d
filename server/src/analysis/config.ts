import type { Severity } from './types';

/**
 * The settings the editor and the CLI share. The editor reads them from VS Code's settings and a project's
 * `.cachemount.json`; the CLI from `.cachemount.json` alone. Where both set a rule, the file wins, so that the
 * editor reports what CI will report.
 */
export type RuleSetting = Severity | 'off';

/** `detect`: multi-platform when the file says so (platform ARGs, `FROM --platform=$BUILDPLATFORM`). */
export type MultiPlatform = 'detect' | 'always' | 'never';

export interface Settings {
  rules: Record<string, RuleSetting>;
  multiPlatform: MultiPlatform;
  /**
   * Whether Fix All, fix on save and `--fix` also apply unsafe fixes (`FixSafety`): ones that change what the
   * build does or which cache a mount uses. The same name everywhere: `--unsafe-fixes`, the editor's
   * `cachemount.unsafeFixes`, and `unsafeFixes` in `.cachemount.json`.
   */
  unsafeFixes: boolean;
}

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'hint', 'information', 'warning', 'error'];
export const MULTI_PLATFORM: readonly MultiPlatform[] = ['detect', 'always', 'never'];

export const CONFIG_FILE_NAME = '.cachemount.json';

export function defaultSettings(): Settings {
  return { rules: {}, multiPlatform: 'detect', unsafeFixes: false };
}

export interface ConfigProblem {
  /** Where in the file, as a JSON path (`rules.prefer-tmpfs`), or '' for the whole file. */
  path: string;
  message: string;
}

export interface ParsedConfig {
  settings: Partial<Settings>;
  problems: ConfigProblem[];
}

/**
 * Reads settings from a plain object (VS Code's settings or a parsed `.cachemount.json`). Keeps every valid
 * part and names every invalid one: a typo in one rule's name must not switch the other settings off.
 */
export function readSettings(value: unknown, knownRules: ReadonlySet<string>): ParsedConfig {
  const problems: ConfigProblem[] = [];
  const settings: Partial<Settings> = {};
  if (!isObject(value)) {
    problems.push({ path: '', message: 'expected an object such as { "rules": { "prefer-tmpfs": "off" } }' });
    return { settings, problems };
  }
  for (const [key, entry] of Object.entries(value)) {
    switch (key) {
      case '$schema':
        break;
      case 'rules':
        settings.rules = readRules(entry, knownRules, problems);
        break;
      case 'multiPlatform':
        if (typeof entry === 'string' && (MULTI_PLATFORM as readonly string[]).includes(entry))
          settings.multiPlatform = entry as MultiPlatform;
        else problems.push({ path: key, message: `expected one of ${list(MULTI_PLATFORM)}` });
        break;
      case 'unsafeFixes':
        if (typeof entry === 'boolean') settings.unsafeFixes = entry;
        else problems.push({ path: key, message: 'expected true or false' });
        break;
      default:
        problems.push({ path: key, message: `unknown setting (known: rules, multiPlatform, unsafeFixes)` });
    }
  }
  return { settings, problems };
}

function readRules(
  value: unknown,
  knownRules: ReadonlySet<string>,
  problems: ConfigProblem[],
): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  if (!isObject(value)) {
    problems.push({ path: 'rules', message: 'expected an object mapping rule ids to severities' });
    return rules;
  }
  for (const [rule, setting] of Object.entries(value)) {
    const path = `rules.${rule}`;
    if (!knownRules.has(rule)) {
      problems.push({ path, message: `unknown rule '${rule}'` });
      continue;
    }
    if (typeof setting !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(setting)) {
      problems.push({ path, message: `expected one of ${list(RULE_SETTINGS)}` });
      continue;
    }
    rules[rule] = setting as RuleSetting;
  }
  return rules;
}

/** Parses the text of a `.cachemount.json`. Invalid JSON is one problem; the settings are then empty. */
export function parseConfigText(text: string, knownRules: ReadonlySet<string>): ParsedConfig {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { settings: {}, problems: [{ path: '', message: `not valid JSON: ${reason}` }] };
  }
  return readSettings(value, knownRules);
}

/** Later layers win: rule by rule for `rules`, whole values otherwise. */
export function mergeSettings(...layers: readonly Partial<Settings>[]): Settings {
  const merged = defaultSettings();
  for (const layer of layers) {
    if (layer.rules) merged.rules = { ...merged.rules, ...layer.rules };
    if (layer.multiPlatform) merged.multiPlatform = layer.multiPlatform;
    if (layer.unsafeFixes !== undefined) merged.unsafeFixes = layer.unsafeFixes;
  }
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}
