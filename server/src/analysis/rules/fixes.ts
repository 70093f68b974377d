import type { DockerfileModel, Stage } from '../model/types';
import type { Fix, Range, TextEdit } from '../types';

export function replaceFix(title: string, range: Range, newText: string, preferred = false): Fix {
  const fix: Fix = { title, edits: [{ range, newText }] };
  if (preferred) fix.preferred = true;
  return fix;
}

export function insertFix(title: string, at: Range['end'], newText: string, preferred = false): Fix {
  return replaceFix(title, { start: at, end: at }, newText, preferred);
}

/** An edit that declares `ARG name` in a stage, after its FROM and the ARGs directly following it. */
export function declareArgEdit(model: DockerfileModel, stage: Stage, name: string): TextEdit {
  const at = stage.header.end;
  return { range: { start: at, end: at }, newText: `${model.eol}${stage.header.indent}ARG ${name}` };
}
