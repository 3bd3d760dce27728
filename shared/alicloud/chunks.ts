/** Splits `items` into lists of at most `size`, in order: APIs that cap the entries of one call. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const lists: T[][] = [];
  for (let start = 0; start < items.length; start += size) lists.push(items.slice(start, start + size));
  return lists;
}
