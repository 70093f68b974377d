import type { Analysis } from '../analysis/analyze';
import { analyze } from '../analysis/analyze';

interface Entry {
  version: number;
  analysis: Analysis;
}

/** One analysis per open document and version, shared by diagnostics and hover. */
export class DocumentAnalyses {
  private readonly entries = new Map<string, Entry>();

  get(uri: string, version: number, text: () => string): Analysis {
    const entry = this.entries.get(uri);
    if (entry && entry.version === version) return entry.analysis;
    const projectName = projectNameOf(uri);
    const analysis = analyze(text(), projectName ? { projectName } : {});
    this.entries.set(uri, { version, analysis });
    return analysis;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
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
