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
export function parseDockerfile(text: string): ParsedDockerfile {
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
