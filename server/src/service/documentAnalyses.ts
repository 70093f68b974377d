import type { Analysis, AnalyzeOptions } from '../analysis/analyze';
import { analyze } from '../analysis/analyze';
import type { Settings } from '../analysis/config';
import type { FixAllOptions } from '../analysis/fixAll';
import type { Rule } from '../analysis/rules/rule';
import { SuppressionFixes } from '../analysis/suppressions/fixes';
import { AnalysisReuse } from '../analysis/incremental/reuse';

interface Entry {
  version: number;
  key: string;
  analysis: Analysis;
  /** What this version's analysis leaves for the next: it parses and checks only the stages an edit touched. */
  reuse: AnalysisReuse;
  /** The suppression fixes of this version, built the first time code actions ask for them. */
  suppressionFixes?: SuppressionFixes;
}

/** One analysis per open document, version and settings, shared by diagnostics, code actions and hover. */
export class DocumentAnalyses {
  private readonly entries = new Map<string, Entry>();

  /** `extraRules`: see `AnalyzeOptions` (tests only). */
  constructor(private readonly extraRules?: readonly Rule[]) {}

  /** `extra`: what the workspace says of the document (how it is built, what it shows with other files). */
  get(
    uri: string,
    version: number,
    text: () => string,
    settings: Settings,
    extra: Pick<AnalyzeOptions, 'builds' | 'acrossFiles'> = {},
  ): Analysis {
    const options = { ...analyzeOptions(uri, settings), ...extra };
    const key = JSON.stringify(options);
    const entry = this.entries.get(uri);
    if (entry && entry.version === version && entry.key === key) return entry.analysis;
    const reuse = entry?.reuse ?? new AnalysisReuse();
    const extraRules = this.extraRules;
    const analysis = analyze(text(), { ...options, reuse, ...(extraRules ? { extraRules } : {}) });
    this.entries.set(uri, { version, key, analysis, reuse });
    return analysis;
  }

  /**
   * The suppression fixes of the analysis `get` gave for `uri`, built once per version and kept with it: an
   * editor asks for code actions each time the cursor moves. For an analysis no longer kept, built afresh.
   */
  suppressionFixes(uri: string, analysis: Analysis): SuppressionFixes {
    const entry = this.entries.get(uri);
    if (entry?.analysis !== analysis) return new SuppressionFixes(analysis.model);
    return (entry.suppressionFixes ??= new SuppressionFixes(analysis.model));
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}

export function analyzeOptions(uri: string, settings: Settings): AnalyzeOptions {
  const options: AnalyzeOptions = { rules: settings.rules, multiPlatform: settings.multiPlatform };
  const projectName = projectNameOf(uri);
  if (projectName) options.projectName = projectName;
  return options;
}

/** What Fix All and fix on save apply: the analysis's options, and whether unsafe fixes are wanted. */
export function fixAllOptions(uri: string, settings: Settings): FixAllOptions {
  return { ...analyzeOptions(uri, settings), unsafeFixes: settings.unsafeFixes };
}

/** The name of the folder that holds the document, for fixes that name a project's cache. */
export function projectNameOf(uri: string): string | undefined {
  try {
    const { protocol, pathname } = new URL(uri);
    if (protocol !== 'file:' && protocol !== 'vscode-vfs:') return undefined;
    const parts = decodeURIComponent(pathname).split('/').filter(Boolean);
    return parts.length >= 2 ? parts[parts.length - 2] : undefined;
  } catch {
    return undefined;
  }
}
