import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { unzipText } from '../../../../test/support/zips';
import { type ZipSource, writeZip } from './zip-writer';

describe('writeZip', () => {
  it('writes text and streamed entries, pulling an entry only once the one before is written', async () => {
    const pulled: string[] = [];
    let linesDone = false;
    async function* lines() {
      for (const line of ['a,b\n', 'c,"d\ne"\n']) {
        pulled.push(line);
        yield line;
      }
      linesDone = true;
    }
    async function* entries(): AsyncGenerator<ZipSource> {
      yield { name: 'first.txt', content: 'known up front' };
      yield { name: 'lines.csv', content: lines() };
      yield { name: 'after.json', content: JSON.stringify({ linesDone }) };
    }
    const output = new PassThrough();
    const read = buffer(output);

    await writeZip(entries(), output);

    expect(await unzipText(await read)).toEqual({ 'first.txt': 'known up front', 'lines.csv': 'a,b\nc,"d\ne"\n', 'after.json': '{"linesDone":true}' });
    expect(pulled).toHaveLength(2);
  });

  it('cuts the output off when an entry fails half way', async () => {
    async function* failing() {
      yield 'one\n';
      throw new Error('database gone');
    }
    async function* entries(): AsyncGenerator<ZipSource> {
      yield { name: 'lines.csv', content: failing() };
    }
    const output = new PassThrough();
    output.resume();

    await expect(writeZip(entries(), output)).rejects.toThrow('database gone');
    expect(output.destroyed).toBe(true);
  });
});
