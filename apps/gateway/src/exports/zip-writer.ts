import { Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/** A file of the archive: text known up front, or lines pulled only while the zip is being read. */
export interface ZipSource {
  name: string;
  content: string | AsyncIterable<string>;
}

/**
 * Streams a zip into `output`, one entry after the other. Entries are taken from `entries` only once the previous
 * one is written whole, so an entry may depend on what earlier ones read (Camtrap DP's descriptor lists the taxa
 * seen in the observations), and a slow reader holds the database reads back instead of the zip growing in memory.
 */
export async function writeZip(entries: AsyncIterable<ZipSource>, output: Writable, mtime = new Date()): Promise<void> {
  const zip = new ZipFile();
  let current: Readable | undefined;
  const written = pipeline(zip.outputStream, output);
  // The reader went away: stop pulling the entry being written (its generator then stops its reads).
  written.catch((error: unknown) => current?.destroy(error as Error));
  try {
    for await (const entry of entries) {
      if (typeof entry.content === 'string') {
        zip.addBuffer(Buffer.from(entry.content), entry.name, { mtime });
        continue;
      }
      current = Readable.from(asBuffers(entry.content));
      zip.addReadStream(current, entry.name, { mtime });
      await Promise.race([finished(current), written]);
    }
    zip.end();
    await written;
  } catch (error) {
    // Headers are gone already: a cut-off download is the only way left to say the archive is not whole.
    output.destroy(error as Error);
    throw error;
  }
}

async function* asBuffers(lines: AsyncIterable<string>): AsyncGenerator<Buffer> {
  for await (const line of lines) yield Buffer.from(line);
}
