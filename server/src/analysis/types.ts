/**
 * The analysis speaks in the same shapes as LSP (0-based line and UTF-16 character) so the service
 * layer and the CLI's JSON output can pass positions through unchanged, but it imports nothing from
 * the protocol libraries.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one fix an editor may apply without asking (VS Code's "preferred" quick fix). */
  preferred?: boolean;
}

export interface RelatedLocation {
  range: Range;
  message: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: Fix[];
  related?: RelatedLocation[];
}
