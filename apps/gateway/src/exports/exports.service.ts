import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { SignedInUser } from '../auth/session.service';
import { BATCH_NOT_FOUND } from '../batches/batch.service';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { CAMTRAP_FILES, TaxonomicCoverage, dataPackage } from './camtrap-package';
import {
  DEPLOYMENT_FIELDS,
  type Deployment,
  MEDIA_FIELDS,
  type MediaPath,
  OBSERVATION_FIELDS,
  deploymentRow,
  eventObservationRow,
  mediaObservationRow,
  mediaRow,
  tableHeader,
  tableLine,
} from './camtrap-tables';
import { OCCURRENCE_FILE, emlXml, metaXml } from './dwc-archive-metadata';
import { type ImageLink, type Occurrence, eventOccurrence, occurrenceHeader, occurrenceLine, photoOccurrence } from './dwc-occurrence';
import { withEvents } from './event-summary';
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
import { taxonOf } from './taxon';
import { type ZipSource, writeZip } from './zip-writer';

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
  private readonly publicBase: string;

  constructor(
    private readonly store: ExportStore,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.publicBase = config.PUBLIC_URL.endsWith('/') ? config.PUBLIC_URL : `${config.PUBLIC_URL}/`;
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
      write: (output) => writeZip(this.camtrapEntries(deployment, user.email, this.mediaPath(links)), output),
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
    for await (const record of this.historyRecords(userId, false)) if (record.identifiedAs) yield photoOccurrence(record, imageLink);
    for (const batch of await this.store.cameraTrapBatches(userId)) yield* this.batchOccurrences(batch, imageLink);
  }

  /** A trip's photos with a named animal; a camera trap's events with one (blanks are never occurrences). */
  private async *batchOccurrences(batch: ExportBatch, imageLink: ImageLink): AsyncGenerator<Occurrence> {
    if (batch.kind !== 'camera-trap') {
      for await (const record of this.batchRecords(batch.id, true)) if (record.identifiedAs) yield photoOccurrence(record, imageLink);
      return;
    }
    for await (const item of withEvents(this.batchRecords(batch.id, true))) {
      if ('event' in item && item.event.type === 'animal') yield eventOccurrence(item.event, imageLink);
    }
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

  /** deployments.csv, media.csv and observations.csv (two passes over the photos), then the descriptor of what they held. */
  private async *camtrapEntries(deployment: Deployment, email: string, mediaPath: MediaPath): AsyncGenerator<ZipSource> {
    yield { name: CAMTRAP_FILES.deployments, content: `${tableHeader(DEPLOYMENT_FIELDS)}\r\n${tableLine(DEPLOYMENT_FIELDS, deploymentRow(deployment))}\r\n` };
    const media = mapped(this.batchRecords(deployment.id, false), (record) => tableLine(MEDIA_FIELDS, mediaRow(record, deployment.id, mediaPath)));
    yield { name: CAMTRAP_FILES.media, content: csvLines(tableHeader(MEDIA_FIELDS), media) };
    const taxonomic = new TaxonomicCoverage();
    yield { name: CAMTRAP_FILES.observations, content: csvLines(tableHeader(OBSERVATION_FIELDS), this.observationLines(deployment.id, taxonomic)) };
    yield { name: 'datapackage.json', content: `${JSON.stringify(dataPackage({ deployment, email, created: new Date(), taxonomic }), null, 2)}\n` };
  }

  /** Each photo's observation, and after an event's last photo the event's. */
  private async *observationLines(deploymentId: string, taxonomic: TaxonomicCoverage): AsyncGenerator<string> {
    for await (const item of withEvents(this.batchRecords(deploymentId, false))) {
      if ('record' in item) {
        if (item.record.identifiedAs) taxonomic.add(taxonOf(item.record));
        yield tableLine(OBSERVATION_FIELDS, mediaObservationRow(item.record, deploymentId));
      } else {
        yield tableLine(OBSERVATION_FIELDS, eventObservationRow(item.event, deploymentId));
      }
    }
  }

  private imageUrl(id: string): string {
    return new URL(`api/identifications/${id}/image`, this.publicBase).toString();
  }

  private imageLink(wanted: boolean): ImageLink {
    return (record) => (wanted && record.hasImage ? this.imageUrl(record.id) : undefined);
  }

  private mediaPath(links: boolean): MediaPath {
    return (record) => (links && record.hasImage ? { path: this.imageUrl(record.id), mediatype: 'image/jpeg' } : localPath(record));
  }
}

async function* mapped<From, To>(items: AsyncIterable<From>, map: (item: From) => To): AsyncGenerator<To> {
  for await (const item of items) yield map(item);
}

async function* csvLines(header: string, lines: AsyncIterable<string>): AsyncGenerator<string> {
  yield `${header}\r\n`;
  for await (const line of lines) yield `${line}\r\n`;
}

function writeCsv(records: AsyncIterable<ExportRecord>, output: Writable): Promise<void> {
  return pipeline(Readable.from(csvLines(identificationsCsvHeader(), mapped(records, identificationsCsvLine))), output);
}

async function* dwcaEntries(eml: string, occurrences: AsyncIterable<Occurrence>): AsyncGenerator<ZipSource> {
  yield { name: 'meta.xml', content: metaXml() };
  yield { name: 'eml.xml', content: eml };
  const lines = mapped(occurrences, (occurrence) => `${occurrenceLine(occurrence)}\n`);
  yield { name: OCCURRENCE_FILE, content: prepended(`${occurrenceHeader()}\n`, lines) };
}

async function* prepended(first: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  yield first;
  yield* rest;
}

const MEDIATYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif' };

/**
 * Without links, a photo's path is its name in the upload, relative as Camtrap DP requires (no leading `.`, `/` or
 * `~`, no `..`); a name that is not such a path is replaced by the photo's id.
 */
function localPath(record: ExportRecord): { path: string; mediatype: string } {
  const name = record.fileName ?? '';
  const path = name && /^[^./~]/.test(name) && !name.includes('..') && !/[\r\n]/.test(name) ? name : `${record.id}.jpg`;
  return { path, mediatype: MEDIATYPES[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'image/jpeg' };
}
