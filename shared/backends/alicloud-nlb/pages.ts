/** How reading every page ended; never thrown, the pool turns `loop` into its error. */
export type PagesOutcome<T> =
  | { readonly kind: 'complete'; readonly pages: readonly T[] }
  | { readonly kind: 'loop'; readonly token: string };

/**
 * Reads a `NextToken`-paged call to its end: the first page without a token, then each page with the
 * token of the page before, until a page brings none (absent or empty). A token seen before ends the
 * reading as `loop`, since following it would never end.
 */
export async function readAllPages<T extends { readonly NextToken?: string | undefined }>(
  readPage: (nextToken: string | undefined) => Promise<T>,
): Promise<PagesOutcome<T>> {
  const pages: T[] = [];
  const seenTokens = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await readPage(nextToken);
    pages.push(page);
    nextToken = page.NextToken || undefined;
    if (nextToken !== undefined && seenTokens.has(nextToken)) return { kind: 'loop', token: nextToken };
    if (nextToken !== undefined) seenTokens.add(nextToken);
  } while (nextToken !== undefined);
  return { kind: 'complete', pages };
}
