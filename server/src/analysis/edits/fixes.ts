import type { DockerfileModel, Mount, Stage } from '../model/types';
import type { Fix, FixSafety, Range, TextEdit } from '../types';

export function replaceFix(
  title: string,
  range: Range,
  newText: string,
  safety: FixSafety,
  preferred = false,
): Fix {
  const fix: Fix = { title, edits: [{ range, newText }], safety };
  if (preferred) fix.preferred = true;
  return fix;
}

/** A replacement that keeps what the build does (see `FixSafety`). */
export function safeReplace(title: string, range: Range, newText: string, preferred = false): Fix {
  return replaceFix(title, range, newText, 'safe', preferred);
}

export function insertFix(
  title: string,
  at: Range['end'],
  newText: string,
  safety: FixSafety,
  preferred = false,
): Fix {
  return replaceFix(title, { start: at, end: at }, newText, safety, preferred);
}

/** An edit that declares `ARG name` in a stage, after its FROM and the ARGs directly following it. */
export function declareArgEdit(model: DockerfileModel, stage: Stage, name: string): TextEdit {
  const at = stage.header.end;
  return { range: { start: at, end: at }, newText: `${model.eol}${stage.header.indent}ARG ${name}` };
}

/** An edit that appends `option` (e.g. `sharing=locked`) to a mount's options, with a comma when needed. */
export function appendOptionEdit(mount: Mount, option: string): TextEdit {
  const value = mount.flag.value;
  const separator = value && value.length > 0 && !value.text.endsWith(',') ? ',' : '';
  const end = mount.valueRange.end;
  return { range: { start: end, end }, newText: `${separator}${option}` };
}
