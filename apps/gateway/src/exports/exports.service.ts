import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { SignedInUser } from '../auth/session.service';
import { BATCH_NOT_FOUND } from '../batches/batch.service';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { chunked, fileLines, mapped } from './async-lines';
import { camtrapEntries, localMediaPath } from './camtrap-archive';
import type { Deployment, MediaPath } from './camtrap-tables';
import { dwcaEntries, eventOccurrences, photoOccurrences } from './dwc-archive';
import { emlXml } from './dwc-archive-metadata';
import type { ImageLink, Occurrence } from './dwc-occurrence';
import { type ExportRecord, recordOf } from './export-record';
import {
  type BatchExportQuery,
  CAMTRAP_DP_FOR_CAMERA_TRAPS,
  CAMTRAP_DP_NEEDS_PLACE,
  CAMTRAP_DP_NEEDS_TIMES,
  type HistoryExportQuery,
} from './export-requests';
import { type BatchKey, type ExportBatch, ExportStore, type HistoryKey } from './export.store';
import { identificationsCsvHeader, identificationsCsvLine } from './identifications-csv';
import { keysetRows } from './keyset-rows';
import { isoWithOffset } from './local-time';
import { writeZip } from './zip-writer';
import { publicLink } from '../http/public-link';

/** An export ready to send: checked (owner, format) before any byte, then written as it is read. */
export interface Export {
  fileName: string;
  contentType: string;
  write(output: Writable): Promise<void>;
}

const uuid = z.uuid();
const CSV = 'text/csv; charset=utf-8';
const ZIP = 'application/zip';

/** A person's identifications as CSV, a Darwin Core Archive or (one camera trap) a Camtrap DP package. */
@Injectable()
export class ExportsService {
  private readonly publicUrl: string;

  constructor(
    private readonly store: ExportStore,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.publicUrl = config.PUBLIC_URL;
  }

  history(user: SignedInUser, query: HistoryExportQuery): Export {
    if (query.format === 'csv') {
      return { fileName: 'wildid-history.csv', contentType: CSV, write: (output) => writeCsv(this.historyRecords(user.id, true), output) };
    }
    const imageLink = this.imageLink(query.includeImageLinks === 'true');
    const dataset = { packageId: user.id, title: `WildID identifications of ${user.email}`, email: user.email, published: new Date() };
    return {
      fileName: 'wildid-history-dwca.zip',
      contentType: ZIP,
      write: (output) => writeZip(dwcaEntries(emlXml(dataset), this.historyOccurrences(user.id, imageLink)), output),
    };
  }

  async batch(id: string, user: SignedInUser, query: BatchExportQuery): Promise<Export> {
    const batch = uuid.safeParse(id).success ? await this.store.ownedBatch(id, user.id) : null;
    if (!batch) throw new NotFoundException(BATCH_NOT_FOUND);
    const links = query.includeImageLinks === 'true';
    const fileName = `wildid-batch-${batch.id}`;
    if (query.format === 'csv') {
      return { fileName: `${fileName}.csv`, contentType: CSV, write: (output) => writeCsv(this.batchRecords(batch.id, true), output) };
    }
    if (query.format === 'dwca') {
      const dataset = { packageId: batch.id, title: batch.name, email: user.email, published: new Date() };
      const occurrences = this.batchOccurrences(batch, this.imageLink(links));
      return { fileName: `${fileName}-dwca.zip`, contentType: ZIP, write: (output) => writeZip(dwcaEntries(emlXml(dataset), occurrences), output) };
    }
    const deployment = await this.deployment(batch);
    return {
      fileName: `${fileName}-camtrap-dp.zip`,
      contentType: ZIP,
      write: (output) => writeZip(camtrapEntries(deployment, user.email, () => this.batchRecords(batch.id, false), this.mediaPath(links)), output),
    };
  }

  private historyRecords(userId: string, withCameraTraps: boolean): AsyncGenerator<ExportRecord> {
    const keyOf = ({ createdKey, id }: HistoryKey): HistoryKey => ({ createdKey, id });
    return mapped(keysetRows((after: HistoryKey | undefined, take) => this.store.historyPage(userId, withCameraTraps, take, after), keyOf), recordOf);
  }

  private batchRecords(batchId: string, withUntimed: boolean): AsyncGenerator<ExportRecord> {
    const keyOf = ({ takenKey, createdKey, id }: BatchKey): BatchKey => ({ takenKey, createdKey, id });
    return mapped(keysetRows((after: BatchKey | undefined, take) => this.store.batchPage(batchId, withUntimed, take, after), keyOf), recordOf);
  }

  /** Every photo outside camera traps with a named animal, then each camera trap's events with one. */
  private async *historyOccurrences(userId: string, imageLink: ImageLink): AsyncGenerator<Occurrence> {
    yield* photoOccurrences(this.historyRecords(userId, false), imageLink);
    for (const batch of await this.store.cameraTrapBatches(userId)) yield* this.batchOccurrences(batch, imageLink);
  }

  /** A trip: one occurrence per photo with an animal; a camera trap: one per event with one. */
  private batchOccurrences(batch: ExportBatch, imageLink: ImageLink): AsyncGenerator<Occurrence> {
    const records = this.batchRecords(batch.id, true);
    return batch.kind === 'camera-trap' ? eventOccurrences(records, imageLink) : photoOccurrences(records, imageLink);
  }

  /** The camera's deployment, or 400 when Camtrap DP cannot describe it (a trip, no capture time, no place). */
  private async deployment(batch: ExportBatch): Promise<Deployment> {
    if (batch.kind !== 'camera-trap') throw new BadRequestException(CAMTRAP_DP_FOR_CAMERA_TRAPS);
    const facts = await this.store.deploymentFacts(batch.id);
    if (!facts.firstAt || !facts.lastAt) throw new BadRequestException(CAMTRAP_DP_NEEDS_TIMES);
    const place = batch.latitude !== null && batch.longitude !== null ? batch : facts;
    if (place.latitude === null || place.longitude === null) throw new BadRequestException(CAMTRAP_DP_NEEDS_PLACE);
    return {
      id: batch.id,
      name: batch.name,
      latitude: place.latitude,
      longitude: place.longitude,
      uncertaintyMeters: place.uncertaintyMeters,
      start: isoWithOffset(facts.firstAt, facts.firstOffsetMinutes),
      end: isoWithOffset(facts.lastAt, facts.lastOffsetMinutes),
      untimedPhotos: facts.untimedPhotos,
    };
  }

  private imageUrl(id: string): string {
    return publicLink(this.publicUrl, `api/identifications/${id}/image`);
  }

  private imageLink(wanted: boolean): ImageLink {
    return (record) => (wanted && record.hasImage ? this.imageUrl(record.id) : undefined);
  }

  private mediaPath(links: boolean): MediaPath {
    return (record) => (links && record.hasImage ? { path: this.imageUrl(record.id), mediatype: 'image/jpeg' } : localMediaPath(record));
  }
}

function writeCsv(records: AsyncIterable<ExportRecord>, output: Writable): Promise<void> {
  return pipeline(Readable.from(chunked(fileLines(identificationsCsvHeader(), mapped(records, identificationsCsvLine)))), output);
}
