import type { DockerfileModel } from '../model/types';
import { indentOf } from '../syntax/indent';
import type { Fix, Range, TextEdit } from '../types';
import type { Suppression } from './parse';
import { SuppressionComments } from './parse';

/**
 * The fixes that would suppress a finding: "Ignore <rule> for this instruction" and "... in this file", each
 * extending a comment already there or adding one. Built on request (a code action) rather than with every
 * finding: an editor asks for them for the few findings under the cursor, while the findings are sent on
 * every keystroke. Every one is safe (a comment, not a change to the build), and never sent with a finding,
 * so Fix All never applies it.
 */
export class SuppressionFixes {
  private readonly comments: SuppressionComments;
  /** The first file-wide comment that names rules: where another rule name is added. */
  private readonly fileWideList: Suppression | undefined;

  constructor(private readonly model: DockerfileModel) {
    this.comments = new SuppressionComments(model);
    this.fileWideList = this.comments.fileWide.find(namesRules);
  }

  /** "Ignore <rule> for this instruction": the editor's menu offers this one (the file-wide comment is documented). */
  forInstruction(rule: string, range: Range): Fix | undefined {
    const instruction = this.comments.instructions.at(range.start.line);
    if (!instruction) return undefined;
    const existing = this.comments.above(instruction).find(namesRules);
    const startLine = instruction.range.start.line;
    const indent = indentOf(this.model.lines.lineText(startLine));
    return {
      title: `Ignore ${rule} for this instruction`,
      safety: 'safe',
      edits: [
        existing
          ? extend(existing, rule)
          : insertLine(this.model, startLine, `${indent}# cachemount-ignore ${rule}`),
      ],
    };
  }

  /** For a finding of `rule` that starts where `range` starts: for its instruction, then for the file. */
  for(rule: string, range: Range): Fix[] {
    const fixes: Fix[] = [];
    const instruction = this.forInstruction(rule, range);
    if (instruction) fixes.push(instruction);
    fixes.push({
      title: `Ignore ${rule} in this file`,
      safety: 'safe',
      edits: [
        this.fileWideList
          ? extend(this.fileWideList, rule)
          : insertLine(this.model, this.model.afterDirectives, `# cachemount-ignore-file ${rule}`),
      ],
    });
    return fixes;
  }
}

/** A comment without names already suppresses every rule; one with names is where another name goes. */
function namesRules(suppression: Suppression): boolean {
  return suppression.rules.length > 0;
}

function extend(suppression: Suppression, rule: string): TextEdit {
  return { range: { start: suppression.listEnd, end: suppression.listEnd }, newText: `,${rule}` };
}

function insertLine(model: DockerfileModel, line: number, text: string): TextEdit {
  if (line < model.lines.lineCount) {
    const at = { line, character: 0 };
    return { range: { start: at, end: at }, newText: text + model.eol };
  }
  // After the last line (a file of directives only): start a new line.
  const last = model.lines.lineCount - 1;
  const at = { line: last, character: model.lines.lineText(last).length };
  return { range: { start: at, end: at }, newText: model.eol + text };
}
