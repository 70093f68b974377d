/** Replaced at bundle time by esbuild with package.json's version; tests see the fallback. */
declare const __CACHEMOUNT_VERSION__: string | undefined;

export const VERSION: string =
  typeof __CACHEMOUNT_VERSION__ === 'string' ? __CACHEMOUNT_VERSION__ : '0.0.0-dev';
