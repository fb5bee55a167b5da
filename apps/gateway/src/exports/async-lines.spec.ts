import { describe, expect, it } from 'vitest';
import { chunked } from './async-lines';

async function* from(texts: string[]): AsyncGenerator<string> {
  yield* texts;
}

async function collect(texts: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const text of texts) out.push(text);
  return out;
}

describe('chunked', () => {
  it('joins lines into pieces of at least the size, the rest last, losing and reordering nothing', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i}\r\n`);

    const pieces = await collect(chunked(from(lines), 20));

    expect(pieces.join('')).toBe(lines.join(''));
    expect(pieces.slice(0, -1).every((piece) => piece.length >= 20)).toBe(true);
    expect(pieces.length).toBeLessThan(lines.length);
  });

  it('yields nothing for nothing', async () => {
    expect(await collect(chunked(from([]), 20))).toEqual([]);
  });
});
