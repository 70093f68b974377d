/** Markdown files bundled as text (esbuild's `text` loader, set in esbuild.mjs). */
declare module '*.md' {
  const text: string;
  export default text;
}
