import { PLATFORM_ARGS } from './platformArgs';
import type { Expansion } from '../syntax/expand';
import { expandWord } from '../syntax/expand';
import type { MountOption, RunInstruction } from './types';

/** The values the builder gives the platform ARGs for one target platform (building on linux/amd64). */
export function platformValues(platform: string): Readonly<Record<string, string>> {
  const [os = '', arch = '', variant = ''] = platform.split('/');
  return {
    TARGETPLATFORM: platform,
    TARGETOS: os,
    TARGETARCH: arch,
    TARGETVARIANT: variant,
    BUILDPLATFORM: 'linux/amd64',
    BUILDOS: 'linux',
    BUILDARCH: 'amd64',
    BUILDVARIANT: '',
  };
}

/** The platform ARGs an option's value refers to. */
export function platformReferences(option: MountOption): string[] {
  return (option.expanded?.references ?? []).map((r) => r.name).filter((name) => PLATFORM_ARGS.has(name));
}

/**
 * An option's value as BuildKit would expand it when building for `platform`: declared platform ARGs take
 * the platform's values, undeclared ones stay empty, everything else as in the RUN's scope.
 */
export function expandForPlatform(
  option: MountOption,
  run: RunInstruction,
  platform: string,
  escapeChar: string,
): Expansion {
  const values = platformValues(platform);
  return expandWord(
    option.value?.text ?? '',
    (name) => {
      const binding = run.scope.bindings.get(name);
      if (binding?.kind === 'platform' && name in values)
        return { status: 'known', value: values[name] ?? '' };
      return run.scope.lookup(name);
    },
    escapeChar,
  );
}
