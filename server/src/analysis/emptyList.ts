/**
 * One frozen empty array for every list that holds nothing. The model keeps many lists (a RUN's flags,
 * heredocs and mounts, a command's assignments, a finding's fixes), most of them empty, for as long as a
 * document is open: one array for all instead of one each. Frozen, so code that added to it would throw
 * instead of adding to every such list at once (nothing changes these lists after they are built).
 */
const EMPTY: readonly never[] = Object.freeze([]);

export function emptyList<T>(): T[] {
  return EMPTY as unknown as T[];
}
