/**
 * Text from a repository (a Dockerfile's lines, file names, rule names in a `.cachemount.json`) printed where a
 * terminal or a log interprets it: control characters are shown as `\xNN`, so a repository cannot clear the
 * screen, set the window title or fake extra lines. Newlines and tabs that the report itself writes are kept.
 */
// C0 controls but tab and newline, DEL, and the C1 controls (U+0080 to U+009F, which include the 8-bit CSI).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
