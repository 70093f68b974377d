import { InstructionLines } from '../model/instructionLines';
import type { DockerfileModel, InstructionSpan } from '../model/types';
import type { Range } from '../types';

/**
 * Suppression comments:
 *   `# cachemount-ignore rule[,rule] [-- reason]`       the next instruction (its whole extent, heredocs included)
 *   `# cachemount-ignore-file rule[,rule] [-- reason]`  the whole file
 * Without rules, every rule is ignored. Comments inside an instruction (between continuation lines) are not
 * suppressions: BuildKit drops them, and a reader would not know which instruction they mean.
 */
export interface Suppression {
  scope: 'instruction' | 'file';
  /** Empty: every rule. */
  rules: RuleName[];
  reason?: string;
  /** The whole comment line, end of line included: what to delete to remove the suppression. */
  lineRange: Range;
  commentRange: Range;
  /** Where a further rule name goes: after the last one. */
  listEnd: Range['end'];
  /** The instruction an instruction-scope suppression applies to; undefined when none follows it. */
  instruction?: InstructionSpan;
}

export interface RuleName {
  name: string;
  range: Range;
  /** What to delete to remove this name from its list: the name and one adjacent comma. */
  removal: Range;
}

/** Whether `text` may hold a suppression comment: most files have none, and need no lookups at all. */
export function mayHaveSuppressions(text: string): boolean {
  return text.includes('cachemount-ignore');
}

/** A file's suppression comments, with the instruction-scope ones grouped by the instruction they apply to. */
export class SuppressionComments {
  /** Every suppression comment, in the file's order. */
  readonly all: readonly Suppression[];
  readonly fileWide: readonly Suppression[];
  private readonly byInstruction = new Map<InstructionSpan, Suppression[]>();

  constructor(
    model: DockerfileModel,
    readonly instructions = new InstructionLines(model),
  ) {
    this.all = parseSuppressions(model, instructions);
    this.fileWide = this.all.filter((s) => s.scope === 'file');
    for (const suppression of this.all) {
      const instruction = suppression.scope === 'instruction' ? suppression.instruction : undefined;
      if (!instruction) continue;
      const list = this.byInstruction.get(instruction);
      if (list) list.push(suppression);
      else this.byInstruction.set(instruction, [suppression]);
    }
  }

  /** The instruction-scope comments above `instruction`. */
  above(instruction: InstructionSpan): readonly Suppression[] {
    return this.byInstruction.get(instruction) ?? [];
  }
}

const PATTERN = /^(\s*#\s*)cachemount-ignore(-file)?(?=\s|$)(.*)$/;

function parseSuppressions(model: DockerfileModel, instructions: InstructionLines): Suppression[] {
  const suppressions: Suppression[] = [];
  for (const comment of model.comments) {
    const lineNumber = comment.range.start.line;
    if (instructions.continues(lineNumber)) continue;
    const line = model.lines.lineText(lineNumber);
    const match = PATTERN.exec(line);
    if (!match) continue;
    const prefix = match[1] ?? '';
    const fileScope = match[2] !== undefined;
    const keywordEnd = prefix.length + 'cachemount-ignore'.length + (fileScope ? '-file'.length : 0);
    const rest = match[3] ?? '';
    const reasonAt = rest.search(/(^|\s)--(\s|$)/);
    const listText = reasonAt >= 0 ? rest.slice(0, reasonAt) : rest;
    const reason =
      reasonAt >= 0
        ? rest
            .slice(reasonAt)
            .replace(/^\s*--/, '')
            .trim()
        : undefined;
    const rules = ruleNames(listText, keywordEnd, lineNumber);
    const last = rules[rules.length - 1];
    const suppression: Suppression = {
      scope: fileScope ? 'file' : 'instruction',
      rules,
      lineRange: lineRangeOf(model, lineNumber),
      commentRange: comment.range,
      listEnd: last ? last.range.end : { line: lineNumber, character: keywordEnd },
    };
    if (reason) suppression.reason = reason;
    if (!fileScope) {
      const instruction = nextInstruction(model, instructions, lineNumber);
      if (instruction) suppression.instruction = instruction;
    }
    suppressions.push(suppression);
  }
  return suppressions;
}

/** Rule names separated by commas (spaces around them allowed), with their ranges on the comment's line. */
function ruleNames(listText: string, offset: number, line: number): RuleName[] {
  const names: RuleName[] = [];
  const word = /[^\s,]+/g;
  const found: { name: string; start: number; end: number }[] = [];
  for (let m = word.exec(listText); m; m = word.exec(listText))
    found.push({ name: m[0], start: offset + m.index, end: offset + m.index + m[0].length });
  found.forEach((entry, index) => {
    const previous = found[index - 1];
    const next = found[index + 1];
    // Remove the name with the separator before it, or after it when it is the first.
    const removalStart = previous ? previous.end : entry.start;
    const removalEnd = previous ? entry.end : next ? next.start : entry.end;
    names.push({
      name: entry.name,
      range: { start: { line, character: entry.start }, end: { line, character: entry.end } },
      removal: { start: { line, character: removalStart }, end: { line, character: removalEnd } },
    });
  });
  return names;
}

/** The instruction right after a comment, with only blank lines and comments between them. */
function nextInstruction(
  model: DockerfileModel,
  instructions: InstructionLines,
  line: number,
): InstructionSpan | undefined {
  const instruction = instructions.after(line);
  if (!instruction) return undefined;
  for (let between = line + 1; between < instruction.range.start.line; between++) {
    const text = model.lines.lineText(between).trim();
    if (text !== '' && !text.startsWith('#')) return undefined;
  }
  return instruction;
}

function lineRangeOf(model: DockerfileModel, line: number): Range {
  const next = line + 1;
  if (next < model.lines.lineCount)
    return { start: { line, character: 0 }, end: { line: next, character: 0 } };
  // The last line: take the line break before it instead, so no empty line is left behind.
  const end = { line, character: model.lines.lineText(line).length };
  if (line === 0) return { start: { line, character: 0 }, end };
  return { start: { line: line - 1, character: model.lines.lineText(line - 1).length }, end };
}
