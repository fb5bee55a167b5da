import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** A file found in an archive: its bytes, or why it was not read. */
export type ArchiveFile = { fileName: string; bytes: Buffer } | { fileName: string; error: string };

export interface ArchiveLimits {
  /** An entry larger than this (UPLOAD_MAX_BYTES) is refused without decompressing it. */
  maxEntryBytes: number;
  /** Once the entries' sizes add up past this, the rest of the archive is not read. */
  maxTotalBytes: number;
  /** Entries read from one archive (a camera trap's card holds thousands of photos). */
  maxEntries: number;
}

// Photos are compressed already: deflate gains a few percent on a JPEG, far less than 20:1 even on a PNG.
// An entry that claims to expand more than this is a zip bomb (overlapping entries included).
export const MAX_COMPRESSION_RATIO = 20;

// Finder and Windows put these beside the photos; they are not photos anyone sent on purpose.
const SYSTEM_FILE = /(^|\/)(__MACOSX\/|\._|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/i;

/**
 * Reads the photos of a zip on disk one entry at a time (folders are fine), so only one
 * photo is ever in memory. Path tricks, encrypted entries, oversized or bomb-like entries
 * and damaged ones are each refused with a reason, without stopping the rest; only an
 * archive that is not a zip at all, or whose entries add up past the limits, ends early.
 */
export async function* photosInArchive(path: string, archiveName: string, limits: ArchiveLimits): AsyncGenerator<ArchiveFile> {
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings off: yauzl would fail the whole archive on one bad name; names are checked per entry here.
    zip = await yauzl.openPromise(path, { decodeStrings: false, validateEntrySizes: true, autoClose: true });
  } catch (error) {
    yield { fileName: archiveName, error: `This is not a zip archive that can be read (${(error as Error).message}). Send a .zip file.` };
    return;
  }
  let entries = 0;
  let totalBytes = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const fileName = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      if (fileName.endsWith('/') || SYSTEM_FILE.test(fileName)) continue;
      if (++entries > limits.maxEntries) {
        yield { fileName: archiveName, error: tooMuch(limits, true) };
        return;
      }
      const refusal = refusalOf(entry, fileName, limits);
      if (refusal) {
        yield { fileName: printable(fileName), error: refusal };
        continue;
      }
      // Only entries actually decompressed count: a refused bomb costs nothing.
      if ((totalBytes += entry.uncompressedSize) > limits.maxTotalBytes) {
        yield { fileName: archiveName, error: tooMuch(limits, false) };
        return;
      }
      yield await readEntry(zip, entry, fileName);
    }
  } catch (error) {
    yield { fileName: archiveName, error: `The archive is damaged after ${entries} entries (${(error as Error).message}); the rest was not read.` };
  } finally {
    zip.close();
  }
}

/** Why an entry is not read, decided on its central directory record alone; null to read it. */
function refusalOf(entry: yauzl.Entry, fileName: string, limits: ArchiveLimits): string | null {
  const badName = yauzl.validateFileName(fileName) ?? (/[\u0000-\u001f]/.test(fileName) ? 'control characters in the name' : null);
  if (badName) return `Refused: the name is not a plain relative path (${badName}).`;
  if (entry.isEncrypted()) return 'This entry is encrypted; send the archive without a password.';
  if (entry.uncompressedSize > limits.maxEntryBytes) return `The photo is larger than the ${mib(limits.maxEntryBytes)} MiB limit.`;
  if (entry.uncompressedSize > MAX_COMPRESSION_RATIO * Math.max(entry.compressedSize, 1)) {
    return `Refused: it would expand ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))} times its compressed size, which photos never do (a zip bomb).`;
  }
  return null;
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, fileName: string): Promise<ArchiveFile> {
  try {
    // validateEntrySizes makes the stream fail if the data expands past the declared size.
    const stream: Readable = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { fileName: printable(fileName), bytes: Buffer.concat(chunks) };
  } catch (error) {
    return { fileName: printable(fileName), error: `This entry is damaged and could not be read (${(error as Error).message}).` };
  }
}

function tooMuch(limits: ArchiveLimits, tooManyEntries: boolean): string {
  return tooManyEntries
    ? `The archive holds more than ${limits.maxEntries} files; the rest was not read. Split it into several archives.`
    : `The archive expands to more than ${mib(limits.maxTotalBytes)} MiB; the rest was not read. Split it into several archives.`;
}

/** A name safe to echo back in JSON and logs. */
function printable(fileName: string): string {
  return fileName.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 500);
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
}
