import { InstructionLines } from './model/instructionLines';
import type { DockerfileModel, InstructionSpan } from './model/types';
import { indentOf } from './syntax/indent';
import { suggest } from './syntax/suggest';
import type { Finding, Fix, Range, TextEdit } from './types';

/**
 * Suppression comments:
 *   `# cachemount-ignore rule[,rule] [-- reason]`       the next instruction (its whole extent, heredocs included)
 *   `# cachemount-ignore-file rule[,rule] [-- reason]`  the whole file
 * Without rules, every rule is ignored. Comments inside an instruction (between continuation lines) are not
 * suppressions: BuildKit drops them, and a reader would not know which instruction they mean.
 */
export const SUPPRESSION_RULE = 'suppression-unused';

export interface RuleName {
  name: string;
  range: Range;
  /** What to delete to remove this name from its list: the name and one adjacent comma. */
  removal: Range;
}

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

const PATTERN = /^(\s*#\s*)cachemount-ignore(-file)?(?=\s|$)(.*)$/;

export function parseSuppressions(
  model: DockerfileModel,
  instructions = new InstructionLines(model),
): Suppression[] {
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

export interface SuppressionResult {
  findings: Finding[];
  suppressed: number;
}

/**
 * Drops suppressed findings, and reports suppressions that suppressed nothing (when `reportUnused`; names
 * of rules switched off are not reported, as whether they would match is unknown).
 */
export function applySuppressions(
  model: DockerfileModel,
  findings: readonly Finding[],
  knownRules: readonly string[],
  isEnabled: (rule: string) => boolean,
  reportUnused: boolean,
): SuppressionResult {
  // Most files have no suppression comment: no instruction lines, comments or findings to look up.
  if (!model.text.includes('cachemount-ignore')) return { findings: [...findings], suppressed: 0 };
  const instructions = new InstructionLines(model);
  const suppressions = parseSuppressions(model, instructions);
  const index = new SuppressionIndex(suppressions, instructions);
  const used = new Set<RuleName | Suppression>();
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const finding of findings) {
    let hidden = false;
    for (const suppression of index.covering(finding.range.start.line)) {
      if (suppression.rules.length === 0) {
        used.add(suppression);
        hidden = true;
        continue;
      }
      const name = suppression.rules.find((r) => r.name === finding.rule);
      if (name) {
        used.add(name);
        hidden = true;
      }
    }
    if (hidden) suppressed++;
    else kept.push(finding);
  }

  const unused: Finding[] = reportUnused
    ? unusedFindings(model, suppressions, used, knownRules, isEnabled)
    : [];
  const fileWide = suppressions.filter((s) => s.scope === 'file');
  const findingsLeft = [
    ...kept,
    ...unused.filter((f) => !fileWide.some((s) => s.rules.some((r) => r.name === f.rule))),
  ];
  return { findings: findingsLeft, suppressed };
}

/**
 * The fixes that would suppress a finding: "Ignore <rule> for this instruction" and "... in this file".
 * Built on request (a code action) rather than with every finding: an editor asks for them for the few
 * findings under the cursor, while the findings are sent on every keystroke.
 */
export class SuppressionFixes {
  private readonly index: SuppressionIndex;

  constructor(private readonly model: DockerfileModel) {
    const instructions = new InstructionLines(model);
    this.index = new SuppressionIndex(parseSuppressions(model, instructions), instructions);
  }

  /** For a finding of `rule` that starts where `range` starts. */
  for(rule: string, range: Range): Fix[] {
    return suppressionFixes(this.model, this.index, rule, range);
  }
}

/** The suppressions that apply to a line, by instruction, so each finding costs a lookup, not a scan. */
class SuppressionIndex {
  readonly fileWide: readonly Suppression[];
  /** The first file-wide suppression that names rules: where another rule name is added. */
  readonly fileWideList: Suppression | undefined;
  private readonly byInstruction = new Map<InstructionSpan, Suppression[]>();

  constructor(
    suppressions: readonly Suppression[],
    readonly instructions: InstructionLines,
  ) {
    this.fileWide = suppressions.filter((s) => s.scope === 'file');
    this.fileWideList = this.fileWide.find((s) => s.rules.length > 0);
    for (const suppression of suppressions) {
      const instruction = suppression.scope === 'instruction' ? suppression.instruction : undefined;
      if (!instruction) continue;
      const list = this.byInstruction.get(instruction);
      if (list) list.push(suppression);
      else this.byInstruction.set(instruction, [suppression]);
    }
  }

  /** File-wide suppressions, and those above the instruction that covers `line`. */
  covering(line: number): Suppression[] {
    const own = this.instructions.covering(line).flatMap((i) => this.byInstruction.get(i) ?? []);
    return own.length === 0 ? [...this.fileWide] : [...this.fileWide, ...own];
  }

  /** The first suppression above `instruction` that names rules: where another rule name is added. */
  listFor(instruction: InstructionSpan): Suppression | undefined {
    return this.byInstruction.get(instruction)?.find((s) => s.rules.length > 0);
  }
}

function unusedFindings(
  model: DockerfileModel,
  suppressions: readonly Suppression[],
  used: ReadonlySet<RuleName | Suppression>,
  knownRules: readonly string[],
  isEnabled: (rule: string) => boolean,
): Finding[] {
  const findings: Finding[] = [];
  // Editing a comment never changes the build: every fix of this rule is safe.
  const removeComment: Fix = {
    title: 'Remove this suppression comment',
    edits: [],
    safety: 'safe',
    preferred: true,
  };
  for (const suppression of suppressions) {
    const what = suppression.scope === 'file' ? 'in this file' : 'on the next instruction';
    const remove = (): Fix => ({ ...removeComment, edits: [{ range: suppression.lineRange, newText: '' }] });
    if (suppression.scope === 'instruction' && !suppression.instruction) {
      findings.push({
        rule: SUPPRESSION_RULE,
        severity: 'information',
        message:
          'This cachemount-ignore comment is not followed by an instruction, so it suppresses nothing. Put it on the line right above the instruction (blank lines and comments may sit between).',
        range: suppression.commentRange,
        fixes: [remove()],
      });
      continue;
    }
    if (suppression.rules.length === 0) {
      if (!used.has(suppression))
        findings.push({
          rule: SUPPRESSION_RULE,
          severity: 'information',
          message: `No cachemount finding ${what} is suppressed by this comment.`,
          range: suppression.commentRange,
          fixes: [remove()],
        });
      continue;
    }
    const unusedNames = suppression.rules.filter((name) => !used.has(name) && isEnabledOrUnknown(name.name));
    for (const name of unusedNames) {
      const known = knownRules.includes(name.name);
      const fixes: Fix[] = [];
      if (!known) {
        const match = suggest(name.name, knownRules, true);
        if (match)
          fixes.push({
            title: `Change to ${match}`,
            edits: [{ range: name.range, newText: match }],
            safety: 'safe',
            preferred: true,
          });
      }
      const all = unusedNames.length === suppression.rules.length;
      fixes.push(
        all
          ? remove()
          : {
              title: `Remove ${name.name}`,
              edits: [{ range: name.removal, newText: '' }],
              safety: 'safe',
              preferred: known,
            },
      );
      findings.push({
        rule: SUPPRESSION_RULE,
        severity: 'information',
        message: known
          ? `No ${name.name} finding ${what} is suppressed by this comment; remove the rule from it.`
          : `'${name.name}' is not a cachemount rule, so this comment suppresses nothing for it.`,
        range: name.range,
        fixes,
      });
    }
  }
  return findings;

  function isEnabledOrUnknown(rule: string): boolean {
    return !knownRules.includes(rule) || isEnabled(rule);
  }
}

/** "Ignore <rule> for this instruction" and "... in this file": extend a comment already there, or add one. */
function suppressionFixes(
  model: DockerfileModel,
  index: SuppressionIndex,
  rule: string,
  range: Range,
): Fix[] {
  const fixes: Fix[] = [];
  const instruction = index.instructions.at(range.start.line);
  if (instruction) {
    const existing = index.listFor(instruction);
    const startLine = instruction.range.start.line;
    const indent = indentOf(model.lines.lineText(startLine));
    fixes.push({
      title: `Ignore ${rule} for this instruction`,
      // A comment, not a change to the build. Never sent with a finding, so Fix All never applies it.
      safety: 'safe',
      edits: [
        existing
          ? extend(existing, rule)
          : insertLine(model, startLine, `${indent}# cachemount-ignore ${rule}`),
      ],
    });
  }
  const fileWide = index.fileWideList;
  fixes.push({
    title: `Ignore ${rule} in this file`,
    safety: 'safe',
    edits: [
      fileWide
        ? extend(fileWide, rule)
        : insertLine(model, model.afterDirectives, `# cachemount-ignore-file ${rule}`),
    ],
  });
  return fixes;
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
