import RULES_DOC from '../../../docs/rules.md';
import { DOCS_BASE } from '../analysis/rules/rule';

export interface RuleHelp {
  /** The section's first paragraph, without its "**Default: ...**" lead. */
  description: string;
  /** The whole section of docs/rules.md, with links made absolute so they work outside the repository. */
  markdown: string;
}

const DOCS_FOLDER = DOCS_BASE.slice(0, DOCS_BASE.lastIndexOf('/') + 1);

/**
 * Each rule's section of docs/rules.md, bundled into the CLI as text: code scanning shows a rule's help
 * beside every alert, and the documentation is the help users already read in the editor's links.
 */
export function ruleHelp(ruleId: string): RuleHelp | undefined {
  const sections = RULES_DOC.split(/^## /m).slice(1);
  const section = sections.find((s) => s.slice(0, s.indexOf('\n')).trim() === ruleId);
  if (!section) return undefined;
  const body = section.slice(section.indexOf('\n') + 1).trim();
  const markdown = body.replace(/\]\((?!https?:)([^)]*)\)/g, (_m, target: string) =>
    target.startsWith('#') ? `](${DOCS_BASE}${target})` : `](${DOCS_FOLDER}${target})`,
  );
  const first = markdown.split(/\n\s*\n/)[0] ?? '';
  const description = first
    .replace(/^\*\*Default: [^*]*\*\*\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return { description, markdown };
}
