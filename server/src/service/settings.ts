import { fileURLToPath } from 'node:url';
import type { Settings } from '../analysis/config';
import { mergeSettings, readSettings } from '../analysis/config';
import { RULE_IDS } from '../analysis/rules/registry';
import type { ConfigFile } from '../workspace/configFile';
import { findConfigFile, readConfigFile } from '../workspace/configFile';

export interface DocumentSettings extends Settings {
  enable: boolean;
  /** The `.cachemount.json` that applied, if any. */
  configFile?: string;
}

/** The `cachemount` section of the editor's settings, as far as the server reads it. */
export interface EditorSection {
  enable?: unknown;
  rules?: unknown;
  multiPlatform?: unknown;
  unsafeFixes?: unknown;
}

const KNOWN_RULES = new Set(RULE_IDS);

/** Long enough for a busy editor, short enough that a client that never answers still gets diagnostics. */
export const SETTINGS_TIMEOUT_MS = 3_000;

class SettingsTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new SettingsTimeout()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Settings per document: the editor's (resource-scoped, so they may differ per folder), then the nearest
 * `.cachemount.json` on top, rule by rule. Cached until the editor's settings or a config file change.
 */
export class SettingsStore {
  private readonly byUri = new Map<string, Promise<DocumentSettings>>();
  private readonly files = new Map<string, ConfigFile>();

  constructor(
    private readonly editorSection: (uri: string) => Promise<EditorSection | undefined>,
    private readonly report: (source: string, problems: readonly string[]) => void,
    /** How long to wait for the editor's answer before using the defaults. */
    private readonly timeoutMs = SETTINGS_TIMEOUT_MS,
    private readonly onTimeout: (ms: number) => void = () => undefined,
  ) {}

  get(uri: string): Promise<DocumentSettings> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.load(uri);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  /** After the editor's settings changed. */
  clear(): void {
    this.byUri.clear();
  }

  /** After a `.cachemount.json` was created, changed or deleted. */
  clearFiles(): void {
    this.files.clear();
    this.byUri.clear();
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  configFile(path: string): ConfigFile {
    let file = this.files.get(path);
    if (!file) {
      file = readConfigFile(path);
      this.files.set(path, file);
    }
    return file;
  }

  private async load(uri: string): Promise<DocumentSettings> {
    let section: EditorSection | undefined;
    try {
      section = await withTimeout(this.editorSection(uri), this.timeoutMs);
    } catch (error) {
      // A client without workspace/configuration: defaults, and the config file. One that never answers
      // must not hold diagnostics back forever.
      if (error instanceof SettingsTimeout) this.onTimeout(this.timeoutMs);
    }
    const editor = readSettings({ ...pick(section) }, KNOWN_RULES);
    if (editor.problems.length > 0)
      this.report(
        'settings (cachemount.*)',
        editor.problems.map((p) => `${p.path}: ${p.message}`),
      );
    const file = this.fileFor(uri);
    const settings: DocumentSettings = {
      ...mergeSettings(editor.settings, file?.settings ?? {}),
      enable: section?.enable !== false,
    };
    if (file) settings.configFile = file.path;
    return settings;
  }

  private fileFor(uri: string): ConfigFile | undefined {
    let path: string;
    try {
      if (!uri.startsWith('file:')) return undefined;
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const found = findConfigFile(path);
    return found ? this.configFile(found) : undefined;
  }
}

function pick(section: EditorSection | undefined): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  if (!section || typeof section !== 'object') return picked;
  if (section.rules !== undefined && section.rules !== null) picked.rules = section.rules;
  if (section.multiPlatform !== undefined && section.multiPlatform !== null)
    picked.multiPlatform = section.multiPlatform;
  if (section.unsafeFixes !== undefined && section.unsafeFixes !== null)
    picked.unsafeFixes = section.unsafeFixes;
  return picked;
}
