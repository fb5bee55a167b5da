/** Rows fetched per round trip of an export. */
export const EXPORT_PAGE = 500;

/**
 * Every row of a keyset-paged read, fetched a page at a time as the consumer asks: an export of any length holds
 * one page. `page(after, take)` returns the rows after the key of the last row it gave.
 */
export async function* keysetRows<Row, Key>(
  page: (after: Key | undefined, take: number) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  take = EXPORT_PAGE,
): AsyncGenerator<Row> {
  let after: Key | undefined;
  for (;;) {
    const rows = await page(after, take);
    yield* rows;
    const last = rows.at(-1);
    if (rows.length < take || !last) return;
    after = keyOf(last);
  }
}
