/** Value syntaxes BuildKit checks with Go's strconv and docker/go-units. */

/** strconv.ParseBool. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

const UINT32_MAX = 0xffffffff;

/** strconv.ParseUint(value, base, 32): digits only, no sign, no prefix, no underscores. */
export function parseUint32(value: string, base: 8 | 10): number | undefined {
  const pattern = base === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!pattern.test(value)) return undefined;
  const parsed = parseInt(value, base);
  return parsed <= UINT32_MAX ? parsed : undefined;
}

/** docker/go-units RAMInBytes (size.go: parseSize with the binary map): `64m`, `1.5 GiB`, `512`. */
export function parseRamSize(value: string): number | undefined {
  const sep = Math.max(...[...'0123456789. '].map((c) => value.lastIndexOf(c)));
  if (sep === -1) return undefined;
  const num = value.charAt(sep) === ' ' ? value.slice(0, sep) : value.slice(0, sep + 1);
  const suffix = value.slice(sep + 1).toLowerCase();
  // `\d+(\.\d*)?`, not `\d+\.?\d*`: the same numbers, without trying every split of a long digit run.
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(num)) return undefined;
  const size = Number(num);
  // strconv.ParseFloat fails on values out of range (`1e400`); parseSize rejects negative sizes.
  if (!Number.isFinite(size) || size < 0) return undefined;
  if (suffix === '') return Math.trunc(size);
  if (suffix.length > 3) return undefined;
  if (suffix === 'b') return Math.trunc(size);
  const unit = 'kmgtp'.indexOf(suffix.charAt(0));
  if (unit === -1) return undefined;
  if (suffix.length === 2 && suffix.charAt(1) !== 'b') return undefined;
  if (suffix.length === 3 && suffix.slice(1) !== 'ib') return undefined;
  return Math.trunc(size * 1024 ** (unit + 1));
}
