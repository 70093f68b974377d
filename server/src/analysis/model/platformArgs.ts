/**
 * ARGs the builder defines for every build. They are global: a stage sees them only after `ARG NAME`
 * (Dockerfile reference, "Automatic platform ARGs in the global scope").
 */
export const PLATFORM_ARGS: ReadonlySet<string> = new Set([
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
]);
