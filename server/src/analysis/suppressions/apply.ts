import type { DockerfileModel } from '../model/types';
import type { Finding } from '../types';
import type { RuleName, Suppression } from './parse';
import { mayHaveSuppressions, SuppressionComments } from './parse';

/** Which suppression comments hid something: what `suppression-unused` reads. */
export interface SuppressionUse {
  /** Every suppression comment, in the file's order. */
  readonly comments: readonly Suppression[];
  /** The comments without rule names, and the names in comments, that hid at least one finding. */
  readonly used: ReadonlySet<Suppression | RuleName>;
}

export interface AppliedSuppressions extends SuppressionUse {
  /** The findings no comment hid, in the order given. */
  findings: Finding[];
  /** How many findings the comments hid. */
  suppressed: number;
}

/**
 * Drops the findings a suppression comment hides: a file-wide comment hides its rules' findings anywhere, an
 * instruction-scope one those that start within the instruction below it; a comment without names hides
 * every rule's. Each finding costs a lookup of the instruction at its line, not a scan of the comments.
 */
export function applySuppressions(model: DockerfileModel, findings: readonly Finding[]): AppliedSuppressions {
  // Most files have no suppression comment: no instruction lines, comments or findings to look up.
  if (!mayHaveSuppressions(model.text))
    return { findings: [...findings], suppressed: 0, comments: [], used: new Set() };
  const comments = new SuppressionComments(model);
  const used = new Set<Suppression | RuleName>();
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const finding of findings) {
    let hidden = false;
    for (const suppression of covering(comments, finding.range.start.line)) {
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
  return { findings: kept, suppressed, comments: comments.all, used };
}

/** The file-wide comments, and those above the instruction that covers `line`. */
function covering(comments: SuppressionComments, line: number): readonly Suppression[] {
  const own = comments.instructions.covering(line).flatMap((i) => comments.above(i));
  return own.length === 0 ? comments.fileWide : [...comments.fileWide, ...own];
}
