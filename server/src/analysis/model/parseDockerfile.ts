import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile as ParsedDockerfile } from 'dockerfile-ast';
import { Dockerfile } from 'dockerfile-ast/lib/dockerfile';

/**
 * `DockerfileParser.parse` without its last step. dockerfile-ast 0.7 ends a parse by handing every comment to
 * each build stage whose range holds it (`Dockerfile.organizeComments`), a loop over comments × stages that
 * takes minutes on a 10 MB file of 40,000 stages. The model reads comments from the file's own list, never
 * per stage, so the step is skipped while this (synchronous) parse runs and restored right after: nothing
 * else can observe the change.
 */
export function parseDockerfile(input: string): ParsedDockerfile {
  const text = withoutLoneCarriageReturns(input);
  const prototype = Dockerfile.prototype;
  const organizeComments = Object.getOwnPropertyDescriptor(prototype, 'organizeComments');
  if (!organizeComments) return DockerfileParser.parse(text);
  prototype.organizeComments = () => undefined;
  try {
    return DockerfileParser.parse(text);
  } finally {
    Object.defineProperty(prototype, 'organizeComments', organizeComments);
  }
}

/**
 * A carriage return not followed by a line feed ends no line for BuildKit (its scanner splits at "\n" only,
 * and `\s` takes the "\r" as a space), nor for `LineIndex`; dockerfile-ast would end the instruction there and
 * number its lines differently. A space of the same length keeps every offset.
 */
function withoutLoneCarriageReturns(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, ' ') : text;
}
