/** Each item mapped as it comes. */
export async function* mapped<From, To>(items: AsyncIterable<From>, map: (item: From) => To): AsyncGenerator<To> {
  for await (const item of items) yield map(item);
}

/** A text file as it streams: the header, then each line, each ended by `end`. */
export async function* fileLines(header: string, lines: AsyncIterable<string>, end = '\r\n'): AsyncGenerator<string> {
  yield `${header}${end}`;
  for await (const line of lines) yield `${line}${end}`;
}

/** Bytes handed on per write: one write per line would cost a syscall (or a deflate call) per line. */
export const CHUNK_BYTES = 64 * 1024;

/** The same text, joined into pieces of about `size` characters (the last may be shorter). */
export async function* chunked(texts: AsyncIterable<string>, size = CHUNK_BYTES): AsyncGenerator<string> {
  let pending: string[] = [];
  let length = 0;
  for await (const text of texts) {
    pending.push(text);
    length += text.length;
    if (length < size) continue;
    yield pending.join('');
    pending = [];
    length = 0;
  }
  if (length > 0) yield pending.join('');
}
