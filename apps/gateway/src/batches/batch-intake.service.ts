import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { BatchUploadResult } from '@wildid/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { IdentificationService, type NewUpload } from '../identifications/identification.service';
import { ImageNormalizer } from '../identifications/image-normalizer.service';
import { photoTooLarge } from '../identifications/upload-admission.guard';
import { type ArchiveLimits, photosInArchive } from './archive-photos';
import type { BatchUploadFiles } from './batch-upload.interceptor';
import { BatchFeeder } from './batch-feeder.service';
import { BatchService } from './batch.service';
import type { StoredBatch } from './batch.store';
import { NO_EXIF, readExifFacts } from './photo-exif';
import { placePhoto } from './photo-placement';

/** Accepted photos between two top-ups of the queue while a large upload is read (work starts before it ends). */
const FEED_EVERY_PHOTOS = 20;

/** The request's stage times, shared by every photo it carries. */
export type BatchRequestTimes = Pick<NewUpload, 'receivedAt' | 'parsedAt' | 'requestId'>;

/** One upload request's tally; `seen` maps each file's sha256 to the first name it came under. */
interface Tally extends BatchUploadResult {
  seen: Map<string, string>;
}

/**
 * Turns the files of one batch upload into identifications of the batch, one at a time
 * (one photo in memory at once), through the same checks and normalization as a single
 * upload. A bad file is listed with its reason and never stops the rest.
 */
@Injectable()
export class BatchIntake {
  private readonly archiveLimits: ArchiveLimits;

  constructor(
    private readonly normalizer: ImageNormalizer,
    private readonly identifications: IdentificationService,
    private readonly batches: BatchService,
    private readonly feeder: BatchFeeder,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.archiveLimits = {
      maxEntryBytes: config.UPLOAD_MAX_BYTES,
      // Photos do not compress: a real archive expands to about its own size.
      maxTotalBytes: 2 * config.BATCH_MAX_ARCHIVE_BYTES,
      maxEntries: 20_000,
    };
  }

  async receive(batch: StoredBatch, files: BatchUploadFiles, times: BatchRequestTimes): Promise<BatchUploadResult> {
    const tally: Tally = { accepted: [], rejected: [], seen: new Map() };
    for (const image of files.images) {
      if (image.size > this.config.UPLOAD_MAX_BYTES) tally.rejected.push({ fileName: image.originalname, error: photoTooLarge(this.config.UPLOAD_MAX_BYTES).message });
      else await this.take(batch, image.originalname, await readFile(image.path), times, tally);
    }
    if (files.archive) {
      for await (const file of photosInArchive(files.archive.path, files.archive.originalname, this.archiveLimits)) {
        if ('error' in file) tally.rejected.push(file);
        else await this.take(batch, file.fileName, file.bytes, times, tally);
      }
    }
    if (tally.accepted.length > 0) await this.batches.regroupEvents(batch.id);
    await this.feeder.topUp(batch.userId);
    return { accepted: tally.accepted, rejected: tally.rejected };
  }

  private async take(batch: StoredBatch, fileName: string, bytes: Buffer, times: BatchRequestTimes, tally: Tally): Promise<void> {
    const fileSha256 = createHash('sha256').update(bytes).digest('hex');
    const earlier = tally.seen.get(fileSha256);
    if (earlier !== undefined) {
      tally.rejected.push({ fileName, error: `Duplicate: the same file as ${earlier} in this upload; it is identified once.` });
      return;
    }
    tally.seen.set(fileSha256, fileName);
    let image;
    try {
      image = await this.normalizer.normalize(bytes);
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      tally.rejected.push({ fileName, error: error.message });
      return;
    }
    const exif = batch.useExif ? readExifFacts(image.sourceExif) : NO_EXIF;
    const created = await this.identifications.createInBatch(
      image,
      { ...times, normalizedAt: new Date(), userId: batch.userId },
      { batchId: batch.id, fileName, fileSha256 },
      { exif, placement: placePhoto(exif, batch) },
    );
    if (created) {
      tally.accepted.push({ id: created.id, fileName });
      if (tally.accepted.length % FEED_EVERY_PHOTOS === 0) void this.feeder.topUp(batch.userId);
    } else tally.rejected.push({ fileName, error: 'Duplicate: this batch holds the same file already; it is identified once.' });
  }
}
