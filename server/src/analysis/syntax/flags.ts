import { MappedText, MappedTextBuilder } from './mappedText';

export interface InstructionFlag {
  /** The whole word after quote removal, e.g. `--mount=type=cache,target=/x`. */
  word: MappedText;
  /** The name without the leading dashes, e.g. `mount`. */
  name: MappedText;
  /** The value after the first `=`, or undefined when the word has no `=`. */
  value: MappedText | undefined;
}

export interface SplitInstruction {
  keyword: MappedText;
  flags: InstructionFlag[];
  /** Everything after the flags: the command of a RUN. */
  rest: MappedText;
  /** An unterminated quote inside the flags (BuildKit keeps reading to the end of the line). */
  unterminatedQuote: boolean;
}

const isSpace = (c: string): boolean => c === ' ' || (c >= '\t' && c <= '\r');

/**
 * Splits an instruction's logical line into keyword, flags and the rest, exactly as BuildKit's
 * extractBuilderFlags does (frontend/dockerfile/parser/split_command.go): words start with `--`, quotes
 * only group and are removed, the escape character escapes the next character, and flags end at the
 * first word that does not start with `--` or at a bare `--`.
 */
export function splitInstruction(line: MappedText, escapeChar: string): SplitInstruction {
  const text = line.text;
  let pos = 0;
  while (pos < text.length && isSpace(text.charAt(pos))) pos++;
  const keywordStart = pos;
  while (pos < text.length && !isSpace(text.charAt(pos))) pos++;
  const keyword = line.slice(keywordStart, pos);

  const flags: InstructionFlag[] = [];
  let unterminatedQuote = false;
  for (;;) {
    while (pos < text.length && isSpace(text.charAt(pos))) pos++;
    if (pos >= text.length) return { keyword, flags, rest: line.slice(pos), unterminatedQuote };
    if (!(text[pos] === '-' && text[pos + 1] === '-')) {
      return { keyword, flags, rest: line.slice(pos), unterminatedQuote };
    }
    const wordStart = pos;
    const word = new MappedTextBuilder(line.spanStart(pos, pos));
    let quote = '';
    while (pos < text.length) {
      const c = text.charAt(pos);
      if (c === escapeChar) {
        // The escape character takes the next character literally (mapped from both); at the end it is dropped.
        if (pos + 1 < text.length)
          word.push(text.charAt(pos + 1), line.spanStart(pos, pos + 1), line.spanEnd(pos + 1, pos + 2));
        pos += 2;
        continue;
      }
      if (quote) {
        if (c === quote) quote = '';
        else word.take(line, pos);
        pos++;
        continue;
      }
      if (isSpace(c)) break;
      if (c === "'" || c === '"') quote = c;
      else word.take(line, pos);
      pos++;
    }
    if (quote) unterminatedQuote = true;
    const built = word.build();
    if (built.text === '--') return { keyword, flags, rest: line.slice(pos), unterminatedQuote };
    if (built.length === 0 && pos === wordStart) break;
    const eq = built.indexOf('=');
    flags.push({
      word: built,
      name: built.slice(2, eq === -1 ? built.length : eq),
      value: eq === -1 ? undefined : built.slice(eq + 1),
    });
  }
  return { keyword, flags, rest: line.slice(pos), unterminatedQuote };
}
