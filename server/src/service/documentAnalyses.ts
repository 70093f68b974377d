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
    const analysis = analyze(text());
    this.entries.set(uri, { version, analysis });
    return analysis;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
