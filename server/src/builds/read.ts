import type { BuildFileKind } from './index';
import { readBakeFile } from './bakeFile';
import { readComposeFile } from './compose';
import type { BuildFileResult } from './types';
import { readWorkflowFile } from './workflow';

/** Reads a build definition file of a kind `buildFileKind` named. Pure; never throws. */
export function readBuildFile(kind: BuildFileKind, file: string, text: string): BuildFileResult {
  switch (kind) {
    case 'bake':
      return readBakeFile(file, text);
    case 'compose':
      return readComposeFile(file, text);
    case 'workflow':
      return readWorkflowFile(file, text);
  }
}
