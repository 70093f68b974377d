import { short } from './text';
import { concurrencyAt } from '../knowledge/tools';
import { mountCache } from '../model/mountCache';
import type { Mount, MountOption } from '../model/types';
import type { Report } from './rule';
import { defineRule } from './rule';

/** The settings BuildKit applies per mount but that describe one directory on the builder. */
const SETTINGS = ['sharing', 'uid', 'gid', 'mode'] as const;
type Setting = (typeof SETTINGS)[number];
const DEFAULTS: Readonly<Record<Setting, string>> = { sharing: 'shared', uid: '0', gid: '0', mode: '0755' };
/** What BuildKit's parseMount accepts (ParseUint base 8 and 10, the three modes in any case). */
const VALID: Readonly<Record<Setting, RegExp>> = {
  sharing: /^(shared|private|locked)$/i,
  uid: /^\d{1,10}$/,
  gid: /^\d{1,10}$/,
  mode: /^[0-7]{1,11}$/,
};

/**
 * One cache id mounted with different sharing, uid, gid or mode in one Dockerfile. They are one directory
 * on the builder, so the mounts disagree about how to protect or own it: the weakest sharing mode decides
 * what concurrent builds do, and the owner is whoever created the directory first.
 */
export const sharingInconsistent = defineRule({
  id: 'sharing-inconsistent',
  severity: 'warning',
  summary: 'The same cache is mounted with different sharing, uid, gid or mode.',
  check(context) {
    // Mounts with an id only known at build time cannot be grouped; they are left out. A cache mount without
    // a target is grouped too (its id is "."), so this is every mount, not `eachCacheMount`.
    const groups = new Map<string, Mount[]>();
    context.eachMount((mount) => {
      if (mount.effective.type !== 'cache' || !mount.effective.id.complete) return;
      const group = groups.get(mount.effective.id.value);
      if (group) group.push(mount);
      else groups.set(mount.effective.id.value, [mount]);
    });
    for (const [id, mounts] of groups) {
      const first = mounts[0] as Mount;
      if (mounts.length < 2) continue;
      // The first mount's settings, read once for the group rather than once per mount compared with it.
      const firstSettings = SETTINGS.map((key) => setting(first, key));
      for (let i = 1; i < mounts.length; i++) {
        const report = compare(id, first, firstSettings, mounts[i] as Mount);
        if (report) context.report(report);
      }
    }
  },
});

/**
 * A setting's effective value, normalized (`0755` and `755` are equal); undefined when not known. The option
 * that sets it is `mount.effective.last[key]`.
 */
function setting(mount: Mount, key: Setting): string | undefined {
  const option = mount.effective.last[key];
  if (option && (!option.expanded || !option.expanded.complete || option.expanded.error)) return undefined;
  const raw = option?.expanded?.value ?? DEFAULTS[key];
  // A value BuildKit rejects (mount-syntax reports it) takes no part here: `mode=999` is no mode to compare.
  if (!VALID[key].test(raw)) return undefined;
  return key === 'sharing'
    ? raw.toLowerCase()
    : key === 'mode'
      ? String(parseInt(raw, 8))
      : String(parseInt(raw, 10));
}

function describe(key: Setting, value: string): string {
  return key === 'mode' ? `mode=0${Number(value).toString(8)}` : `${key}=${value}`;
}

function compare(
  id: string,
  first: Mount,
  firstSettings: ReadonlyArray<string | undefined>,
  mount: Mount,
): Report | undefined {
  let differences: string[] | undefined;
  let anchor: MountOption | undefined;
  let onlySharing = true;
  for (let k = 0; k < SETTINGS.length; k++) {
    const key = SETTINGS[k] as Setting;
    const a = firstSettings[k];
    if (a === undefined) continue;
    const b = setting(mount, key);
    if (b === undefined || a === b) continue;
    (differences ??= []).push(`${describe(key, b)} here, ${describe(key, a)} there`);
    if (key !== 'sharing') onlySharing = false;
    anchor ??= mount.effective.last[key];
  }
  if (!differences) return undefined;
  const line = first.range.start.line + 1;
  const safeTool = onlySharing ? safeToShare(first, mount) : undefined;
  // No fix: giving one mount another's uid, gid or mode changes the cache directory it gets (BuildKit seeds a
  // cache with uid/gid/mode from a mkdir, and keys it by id and that base), and which settings are right is
  // the author's call.
  return {
    message: safeTool
      ? `${differences[0]} (line ${line}): harmless, as ${safeTool}'s cache is safe to share.`
      : `Cache "${short(id, 30)}" has ${differences[0]}${differences.length > 1 ? ' and more' : ''} (line ${line}): one directory needs one set of settings.`,
    // On the differing option; when this mount relies on the default, on what names the cache.
    range:
      anchor?.fieldRange ??
      mount.effective.id.option?.fieldRange ??
      mount.effective.target?.option.fieldRange ??
      mount.nameRange,
    mount,
    related: [{ range: first.range, message: `cache "${id}" mounted here` }],
    ...(safeTool ? { lower: { to: 'hint', because: `${safeTool}'s cache is safe to share` } } : {}),
  };
}

/**
 * The tool whose cache both mounts hold, when it is documented as safe for concurrent writers (Go's module
 * cache, pip's): then a lock that one mount takes protects nothing the tool needs, and a difference in
 * sharing is only untidy.
 */
function safeToShare(first: Mount, mount: Mount): string | undefined {
  const tools = [first, mount].map((m) => {
    const match = mountCache(m);
    const target = m.effective.target;
    if (!match || !target) return undefined;
    return concurrencyAt(match.cache, match.directory, target.absolute).concurrency === 'safe'
      ? match.cache.tool
      : undefined;
  });
  const [tool] = tools;
  return tool && tools.every((t) => t === tool) ? tool : undefined;
}
