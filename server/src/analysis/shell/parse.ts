import type { MappedText } from '../syntax/mappedText';
import { MappedTextBuilder } from '../syntax/mappedText';
import { emptyList } from '../emptyList';

/**
 * A small POSIX-shell reader for RUN commands: enough to see which programs run with which arguments,
 * not to execute anything. It splits on `&&`, `||`, `;`, `|`, `&`, newlines and parentheses, removes quotes
 * and escapes (keeping each character's document position), skips comments, redirections and control
 * keywords, and looks inside `sh -c '...'` / `bash -c "..."`.
 */
export interface ShellWord {
  /** The word as the program sees it: quotes removed, escapes applied. */
  value: MappedText;
  /** Document offsets of the word as written, quotes included. */
  start: number;
  end: number;
}

export interface SimpleCommand {
  /** `NAME=value` words before the program. */
  assignments: ShellWord[];
  /** The program and its arguments. */
  words: ShellWord[];
  /** Document offsets from the first word to the last. */
  start: number;
  end: number;
  /** The operator that joined this command to the previous one, with its document offset. */
  joinedBy?: { operator: string; start: number; end: number };
  /** Set when the command comes from a `sh -c` string or a heredoc script. */
  nested?: boolean;
  /** The program it runs, named by `programOf` (shell/programs.ts) the first time asked: ask through it. */
  program?: string;
}

const OPERATORS = ['&&', '||', ';;', '|&', ';', '|', '&', '(', ')', '\n'];
/** The characters an operator starts with: most characters are not, and need no search of OPERATORS. */
const OPERATOR_STARTS = new Set(OPERATORS.map((op) => op.charAt(0)));
const REDIRECTIONS = /^(\d*)(>>|>&|<&|<>|>\||&>>|&>|>|<)$/;
/** A redirection joined to its target: `>file`, `2>/dev/null`. */
const ATTACHED_REDIRECTION = /^\d*(>>?|<)\S/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const SKIPPED_KEYWORDS = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', 'time']);
const CLOSING_KEYWORDS = new Set(['fi', 'done', 'esac', '}']);
const SHELLS = new Set([
  'sh',
  'bash',
  'ash',
  'dash',
  'zsh',
  'ksh',
  '/bin/sh',
  '/bin/bash',
  '/bin/ash',
  '/bin/dash',
  '/usr/bin/bash',
  '/usr/bin/env',
]);

/**
 * Characters that end a plain stretch of a word: blanks, quotes, escapes, `$`, backquotes, and the starts of
 * redirections and operators. A stretch of other characters is taken in one step.
 */
const SPECIAL = new Uint8Array(128);
for (const c of ' \t\r\n\'"\\$`<>&|;()') SPECIAL[c.charCodeAt(0)] = 1;

function isPlain(code: number): boolean {
  return code >= 128 || SPECIAL[code] === 0;
}

/** Whether a word may be a redirection (`>`, `2>&1`, `&>log`, `<<EOF`): the regular expressions need not run. */
function mayRedirect(text: string): boolean {
  const c = text.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || c === 0x3e || c === 0x3c || c === 0x26;
}

/** A word, or an operator (kept as the next command's `joinedBy`): words, most tokens, need no wrapper. */
type Token = ShellWord | { kind: 'op'; operator: string; start: number; end: number };

/** Splits a script into simple commands. Never throws; unterminated quotes end at the end of the text. */
export function parseShell(script: MappedText, depth = 0): SimpleCommand[] {
  const tokens = tokenize(script);
  const commands: SimpleCommand[] = [];
  let current: SimpleCommand | undefined;
  let joinedBy: SimpleCommand['joinedBy'];
  let skipUntilSeparator = false;
  let expectRedirectTarget = false;

  // The current command's words, gathered here and copied into it at its end: exactly as long as they are (an
  // array grown by push keeps room for 17), as a RUN keeps its commands as long as the document is open.
  const words: ShellWord[] = [];
  const assignments: ShellWord[] = [];
  const finish = (): void => {
    if (current && words.length > 0) {
      current.words = words.slice();
      if (assignments.length > 0) current.assignments = assignments.slice();
      commands.push(current);
    }
    current = undefined;
    words.length = 0;
    assignments.length = 0;
  };

  for (const token of tokens) {
    if ('operator' in token) {
      finish();
      skipUntilSeparator = false;
      expectRedirectTarget = false;
      joinedBy =
        token.operator === '\n' || token.operator === '(' || token.operator === ')' ? undefined : token;
      continue;
    }
    const word = token;
    const text = word.value.text;
    if (expectRedirectTarget) {
      expectRedirectTarget = false;
      continue;
    }
    if (mayRedirect(text)) {
      if (REDIRECTIONS.test(text) && word.end - word.start === text.length) {
        expectRedirectTarget = true;
        continue;
      }
      if (ATTACHED_REDIRECTION.test(text) && !text.startsWith('<<')) continue; // `>file`, `2>/dev/null`
      if (text.startsWith('<<')) {
        // A heredoc redirection inside the script: its delimiter word (when separate) is not an argument.
        if (text === '<<' || text === '<<-') expectRedirectTarget = true;
        continue;
      }
    }
    if (skipUntilSeparator) continue;
    if (!current) {
      if (SKIPPED_KEYWORDS.has(text)) continue;
      if (CLOSING_KEYWORDS.has(text)) continue;
      if (text === 'for' || text === 'case' || text === 'function') {
        skipUntilSeparator = true;
        continue;
      }
      current = {
        assignments: emptyList(),
        words: emptyList(),
        start: word.start,
        end: word.end,
        program: undefined,
      };
      if (joinedBy) current.joinedBy = joinedBy;
      if (depth > 0) current.nested = true;
      joinedBy = undefined;
    }
    current.end = word.end;
    if (words.length === 0 && ASSIGNMENT.test(text)) {
      assignments.push(word);
      continue;
    }
    words.push(word);
  }
  finish();

  if (depth >= 3) return commands.slice();
  // Look inside `sh -c 'script'`: the script's characters keep their document positions.
  const out: SimpleCommand[] = [];
  for (const command of commands) {
    out.push(command);
    const script = shellScriptArgument(command);
    if (script) out.push(...parseShell(script, depth + 1));
  }
  return out.slice();
}

/** The script of `sh -c SCRIPT`, `bash -ec SCRIPT`, `/usr/bin/env bash -c SCRIPT`. */
function shellScriptArgument(command: SimpleCommand): MappedText | undefined {
  // Read in place, without a list of the words' values: every command of every RUN is asked.
  const words = command.words;
  const first = words[0]?.value.text;
  const skip = first === '/usr/bin/env' || first === 'env' ? 1 : 0;
  const program = words[skip]?.value.text;
  if (!program || !SHELLS.has(program)) return undefined;
  for (let i = skip + 1; i < words.length; i++) {
    const flag = words[i]?.value.text ?? '';
    if (!flag.startsWith('-')) return undefined;
    // Not /^-[a-z]*c[a-z]*$/: that tries every `c` of `-ccc…c!` as the one (quadratic).
    if (/^-[a-z]*$/.test(flag) && flag.includes('c')) return words[i + 1]?.value;
    if (flag === '-o' || flag === '+o') i++;
  }
  return undefined;
}

function tokenize(script: MappedText): Token[] {
  const text = script.text;
  const tokens: Token[] = [];
  let pos = 0;

  while (pos < text.length) {
    const c = text.charAt(pos);
    if (c === ' ' || c === '\t' || c === '\r') {
      pos++;
      continue;
    }
    if (c === '#') {
      while (pos < text.length && text[pos] !== '\n') pos++;
      continue;
    }
    if (c === '\\' && text[pos + 1] === '\n') {
      pos += 2;
      continue;
    }
    const operator = OPERATOR_STARTS.has(c) ? operatorAt(text, pos) : undefined;
    if (operator) {
      tokens.push({
        kind: 'op',
        operator,
        start: script.spanStart(pos, pos + 1),
        end: script.spanEnd(pos + operator.length - 1, pos + operator.length),
      });
      pos += operator.length;
      continue;
    }
    const wordStart = pos;
    const value = new MappedTextBuilder(script.spanStart(pos, pos));
    while (pos < text.length) {
      if (isPlain(text.charCodeAt(pos))) {
        let end = pos + 1;
        while (end < text.length && isPlain(text.charCodeAt(end))) end++;
        value.takeRange(script, pos, end);
        pos = end;
        continue;
      }
      const ch = text.charAt(pos);
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') break;
      if ((ch === '>' || ch === '<') && text[pos + 1] === '&') {
        // `2>&1`, `<&3`: a redirection, not a background `&`.
        value.take(script, pos);
        value.take(script, pos + 1);
        pos += 2;
        continue;
      }
      if (OPERATOR_STARTS.has(ch) && operatorAt(text, pos, '\n') !== undefined) break;
      if (ch === '\\') {
        if (text[pos + 1] === '\n') {
          pos += 2;
          continue;
        }
        if (pos + 1 < text.length) value.take(script, pos + 1);
        pos += 2;
        continue;
      }
      if (ch === "'") {
        const close = text.indexOf("'", pos + 1);
        const end = close === -1 ? text.length : close;
        value.takeRange(script, pos + 1, end);
        pos = end + 1;
        continue;
      }
      if (ch === '"') {
        pos++;
        while (pos < text.length && text[pos] !== '"') {
          if (text[pos] === '\\' && pos + 1 < text.length && '"\\$`\n'.includes(text.charAt(pos + 1))) {
            if (text[pos + 1] !== '\n') value.take(script, pos + 1);
            pos += 2;
            continue;
          }
          value.take(script, pos);
          pos++;
        }
        pos++;
        continue;
      }
      if (ch === '$' && text[pos + 1] === '(') {
        // Command substitution: kept as one opaque piece of the word.
        const end = matchingParen(text, pos + 1);
        value.takeRange(script, pos, end);
        pos = end;
        continue;
      }
      if (ch === '`') {
        const close = text.indexOf('`', pos + 1);
        const end = close === -1 ? text.length : close + 1;
        value.takeRange(script, pos, end);
        pos = end;
        continue;
      }
      value.take(script, pos);
      pos++;
    }
    if (pos > wordStart) {
      tokens.push({
        value: value.build(),
        start: script.spanStart(wordStart, wordStart + 1),
        end: script.spanEnd(Math.min(pos, text.length) - 1, Math.min(pos, text.length)),
      });
    }
  }
  return tokens;
}

/** The operator that starts at `pos`, if any (the longest first, as OPERATORS lists them). */
function operatorAt(text: string, pos: number, except?: string): string | undefined {
  for (const op of OPERATORS) if (op !== except && text.startsWith(op, pos)) return op;
  return undefined;
}

/** Index just past the `)` matching the `(` at `open`, skipping quoted parts; the end when unbalanced. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      if (close === -1) return text.length;
      i = close;
    } else if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}
