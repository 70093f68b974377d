import type { RuleName, Suppression } from '../suppressions/parse';
import { suggest } from '../syntax/suggest';
import type { Fix } from '../types';
import type { Report, SuppressionFacts } from './rule';
import { defineRule } from './rule';

const ID = 'suppression-unused';

/**
 * A cachemount-ignore comment that hid no finding, a rule name in one that hid none, or a name that is no
 * rule. Names of rules switched off are not reported: whether they would match is unknown. Every fix edits a
 * comment, which never changes the build, so every fix is safe.
 */
export const suppressionUnused = defineRule({
  id: ID,
  severity: 'information',
  summary: 'A cachemount-ignore comment suppresses nothing, or names a rule that does not exist.',
  after: 'suppressions',
  check(context) {
    const facts = context.suppressions;
    if (!facts || silenced(facts.comments)) return;
    for (const suppression of facts.comments) {
      if (suppression.scope === 'instruction' && !suppression.instruction)
        context.report(unplaced(suppression));
      else if (suppression.rules.length === 0) {
        if (!facts.used.has(suppression)) context.report(hidNothing(suppression));
      } else for (const report of unusedNames(suppression, facts)) context.report(report);
    }
  },
});

/**
 * A file-wide comment that names this rule silences it. Its findings are never hidden as others are: a
 * comment without names does not mean them, and they sit on comment lines, where no instruction-scope
 * comment reaches.
 */
function silenced(comments: readonly Suppression[]): boolean {
  return comments.some((s) => s.scope === 'file' && s.rules.some((name) => name.name === ID));
}

function unplaced(suppression: Suppression): Report {
  return {
    message: 'No instruction follows this cachemount-ignore comment: put it right above the instruction.',
    range: suppression.commentRange,
    fixes: [removeComment(suppression)],
  };
}

/** A comment without rule names that hid no finding. */
function hidNothing(suppression: Suppression): Report {
  return {
    message: `No cachemount finding ${where(suppression)} is suppressed by this comment.`,
    range: suppression.commentRange,
    fixes: [removeComment(suppression)],
  };
}

/** The names that hid no finding, of rules that are on or that do not exist. */
function unusedNames(suppression: Suppression, facts: SuppressionFacts): Report[] {
  const known = (name: RuleName): boolean => facts.ruleIds.includes(name.name);
  const unused = suppression.rules.filter(
    (name) => !facts.used.has(name) && (!known(name) || facts.enabled(name.name)),
  );
  // When no name of the comment hid anything, removing the comment is the fix for each of them.
  const all = unused.length === suppression.rules.length;
  return unused.map((name) => {
    const fixes: Fix[] = [];
    const match = known(name) ? undefined : suggest(name.name, facts.ruleIds, true);
    if (match)
      fixes.push({
        title: `Change to ${match}`,
        edits: [{ range: name.range, newText: match }],
        safety: 'safe',
        preferred: true,
      });
    fixes.push(
      all
        ? removeComment(suppression)
        : {
            title: `Remove ${name.name}`,
            edits: [{ range: name.removal, newText: '' }],
            safety: 'safe',
            preferred: known(name),
          },
    );
    return {
      message: known(name)
        ? `No ${name.name} finding ${where(suppression)} is suppressed by this comment; remove the rule from it.`
        : `'${name.name}' is not a cachemount rule, so this comment suppresses nothing for it.`,
      range: name.range,
      fixes,
    };
  });
}

function where(suppression: Suppression): string {
  return suppression.scope === 'file' ? 'in this file' : 'on the next instruction';
}

function removeComment(suppression: Suppression): Fix {
  return {
    title: 'Remove this suppression comment',
    edits: [{ range: suppression.lineRange, newText: '' }],
    safety: 'safe',
    preferred: true,
  };
}
