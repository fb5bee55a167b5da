/** Each item mapped as it comes. */
export async function* mapped<From, To>(items: AsyncIterable<From>, map: (item: From) => To): AsyncGenerator<To> {
  for await (const item of items) yield map(item);
}

/** A text file as it streams: the header, then each line, each ended by `end`. */
export async function* fileLines(header: string, lines: AsyncIterable<string>, end = '\r\n'): AsyncGenerator<string> {
  yield `${header}${end}`;
  for await (const line of lines) yield `${line}${end}`;
}
