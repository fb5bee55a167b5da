import { buffer } from 'node:stream/consumers';
import yauzl from 'yauzl';
import { ZipFile } from 'yazl';

export interface ZipEntry {
  name: string;
  bytes: Buffer;
  /** Stored without compression (the default deflates). */
  store?: boolean;
}

/** A zip of these entries, as yazl writes it; names ending in / are folder entries. */
export async function makeZip(entries: ZipEntry[]): Promise<Buffer> {
  const zip = new ZipFile();
  for (const entry of entries) {
    if (entry.name.endsWith('/')) zip.addEmptyDirectory(entry.name);
    else zip.addBuffer(entry.bytes, entry.name, { compress: !entry.store });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Renames entries in a finished zip by patching the name bytes of their local and central
 * headers (names are not covered by the CRC). Zip writers refuse to write path tricks such as
 * `../x.jpg`, so a hostile archive is made this way from a placeholder of the same length.
 */
export function renameInZip(zip: Buffer, from: string, to: string): Buffer {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error('renameInZip: names must have the same length');
  const patched = Buffer.from(zip);
  const needle = Buffer.from(from);
  let found = 0;
  for (let at = patched.indexOf(needle); at !== -1; at = patched.indexOf(needle, at + 1)) {
    Buffer.from(to).copy(patched, at);
    found++;
  }
  if (found !== 2) throw new Error(`renameInZip: expected "${from}" in the local and the central header, found it ${found} times`);
  return patched;
}

/** Every file of a zip as text, by name (for archives the gateway writes). */
export async function unzipText(zip: Buffer): Promise<Record<string, string>> {
  const archive = await yauzl.fromBufferPromise(zip);
  const files: Record<string, string> = {};
  for await (const entry of archive.eachEntry()) files[entry.fileName] = (await buffer(await archive.openReadStreamPromise(entry))).toString('utf8');
  return files;
}
