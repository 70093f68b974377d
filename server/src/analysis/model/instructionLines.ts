import type { DockerfileModel, InstructionSpan } from './types';

/**
 * Which instruction covers a line, found by binary search: suppression comments and their fixes ask this
 * for every finding and every comment, and a scan of all instructions for each would be quadratic.
 * Instructions start on their own lines and do not overlap, so their line spans are sorted and disjoint;
 * should a parse ever give overlapping spans, every question falls back to a scan with the same answer.
 */
export class InstructionLines {
  private readonly instructions: readonly InstructionSpan[];
  private readonly disjoint: boolean;

  constructor(model: DockerfileModel) {
    this.instructions = model.instructions;
    this.disjoint = this.instructions.every((instruction, i) => {
      const next = this.instructions[i + 1];
      const { start, end } = instruction.range;
      return start.line <= end.line && (!next || end.line < next.range.start.line);
    });
  }

  /** The instruction whose lines include `line`. */
  at(line: number): InstructionSpan | undefined {
    if (!this.disjoint)
      return this.instructions.find((i) => i.range.start.line <= line && line <= i.range.end.line);
    const candidate = this.instructions[this.lastStartingBefore(line + 1)];
    return candidate && line <= candidate.range.end.line ? candidate : undefined;
  }

  /** Every instruction whose lines include `line` (one at most, unless spans overlap). */
  covering(line: number): InstructionSpan[] {
    if (!this.disjoint)
      return this.instructions.filter((i) => i.range.start.line <= line && line <= i.range.end.line);
    const instruction = this.at(line);
    return instruction ? [instruction] : [];
  }

  /** Whether `line` is a continuation line of an instruction (after its first line, up to its last). */
  continues(line: number): boolean {
    if (!this.disjoint)
      return this.instructions.some((i) => i.range.start.line < line && line <= i.range.end.line);
    const candidate = this.instructions[this.lastStartingBefore(line)];
    return candidate !== undefined && line <= candidate.range.end.line;
  }

  /** The first instruction that starts after `line`. */
  after(line: number): InstructionSpan | undefined {
    if (!this.disjoint) return this.instructions.find((i) => i.range.start.line > line);
    return this.instructions[this.lastStartingBefore(line + 1) + 1];
  }

  /** The index of the last instruction starting on a line before `line`; -1 when none does. */
  private lastStartingBefore(line: number): number {
    let low = -1;
    let high = this.instructions.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.instructions[mid]?.range.start.line ?? Infinity) < line) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
