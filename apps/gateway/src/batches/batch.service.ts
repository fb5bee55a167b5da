import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { type BatchPhoto, type BatchPhotoPage, type BatchView, toIdentificationView } from '@wildid/common';
import { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { QueueOutlook } from '../queues/queue-outlook.service';
import { decodeCursor, encodeCursor } from '../history/history-cursor';
import type { BatchPhotosQuery, CreateBatchRequest, UpdateBatchRequest } from './batch-requests';
import { type BatchSettings, BatchStore, type PhotoRow, type StoredBatch } from './batch.store';
import { placePhoto } from './photo-placement';
import { publicLink } from '../http/public-link';

export type BatchSummary = Omit<BatchView, 'counts' | 'species' | 'eta'>;

const uuid = z.uuid();
export const BATCH_NOT_FOUND = 'No batch with this id in your account.';

/** A person's batches: only their owner sees, changes or deletes one (anyone else gets 404, as for identifications). */
@Injectable()
export class BatchService {
  constructor(
    private readonly store: BatchStore,
    private readonly queueOutlook: QueueOutlook,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async create(userId: string, request: CreateBatchRequest): Promise<BatchView> {
    const batch: StoredBatch = {
      id: randomUUID(),
      userId,
      createdAt: new Date(),
      name: request.name,
      kind: request.kind,
      ...locationColumns(request.location ?? null),
      timezone: request.timezone ?? null,
      clockOffsetSeconds: request.clockOffsetSeconds ?? 0,
      useExif: request.useExif,
    };
    await this.store.insert(batch);
    return this.view(batch);
  }

  async list(userId: string, limit: number): Promise<{ items: BatchSummary[] }> {
    return { items: (await this.store.listOwned(userId, limit)).map(summaryOf) };
  }

  /** The batch, or 404 when it is not this user's. */
  async owned(id: string, userId: string): Promise<StoredBatch> {
    const batch = uuid.safeParse(id).success ? await this.store.findOwned(id, userId) : null;
    if (!batch) throw new NotFoundException(BATCH_NOT_FOUND);
    return batch;
  }

  async find(id: string, userId: string): Promise<BatchView> {
    return this.view(await this.owned(id, userId));
  }

  async photos(id: string, userId: string, query: BatchPhotosQuery): Promise<BatchPhotoPage> {
    await this.owned(id, userId);
    // The history cursor's keyset (a time and an id) here holds the photo's sort time: taken, else uploaded.
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const filter = { photos: query.filter, review: query.review, reviewBelowConfidence: this.config.REVIEW_BELOW_CONFIDENCE };
    const rows = await this.store.photos(id, filter, query.limit + 1, after && { sortAt: after.createdAt, id: after.id });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => this.photoOf(row)),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.sortAt, id: last.id }) : null,
    };
  }

  async update(id: string, userId: string, request: UpdateBatchRequest): Promise<BatchView> {
    await this.owned(id, userId);
    const changes: Partial<BatchSettings> = {};
    if (request.name !== undefined) changes.name = request.name;
    if (request.location !== undefined) Object.assign(changes, locationColumns(request.location));
    if (request.timezone !== undefined) changes.timezone = request.timezone;
    if (request.clockOffsetSeconds !== undefined) changes.clockOffsetSeconds = request.clockOffsetSeconds;
    const batch = await this.store.update(id, changes);
    if (Object.keys(changes).some((key) => key !== 'name')) await this.placePhotosAgain(batch);
    return this.view(batch);
  }

  /** Regroups a batch's photos into events, after photos were added or their times changed. */
  async regroupEvents(id: string): Promise<void> {
    await this.store.regroupEvents(id, this.config.BURST_GAP_SECONDS);
  }

  /** A batch's place, zone or clock offset changed: every photo's time and place, then the events, follow. */
  private async placePhotosAgain(batch: StoredBatch): Promise<void> {
    const photos = await this.store.exifFacts(batch.id);
    await this.store.updatePlacements(batch.id, photos.map((exif) => ({ id: exif.id, ...placePhoto(exif, batch) })));
    await this.regroupEvents(batch.id);
  }

  async delete(id: string, userId: string): Promise<void> {
    if (!uuid.safeParse(id).success || !(await this.store.deleteOwned(id, userId))) throw new NotFoundException(BATCH_NOT_FOUND);
  }

  private async view(batch: StoredBatch): Promise<BatchView> {
    const [counts, species, eta] = await Promise.all([this.store.counts(batch.id), this.store.species(batch.id), this.queueOutlook.batchEta(batch.id)]);
    return { ...summaryOf(batch), counts, species, ...(eta ? { eta } : {}) };
  }

  private photoOf(row: PhotoRow): BatchPhoto {
    const photo: BatchPhoto = {
      ...toIdentificationView(row),
      imageUrl: publicLink(this.config.PUBLIC_URL, `api/identifications/${row.id}/image`),
    };
    if (row.fileName) photo.fileName = row.fileName;
    if (row.capturedAt) photo.capturedAt = row.capturedAt.toISOString();
    if (row.latitude !== null && row.longitude !== null) {
      photo.location = { latitude: row.latitude, longitude: row.longitude };
      if (row.uncertaintyMeters !== null) photo.location.uncertaintyMeters = row.uncertaintyMeters;
      if (row.country) photo.location.country = row.country;
    }
    if (row.eventId) photo.eventId = row.eventId;
    if (row.needsLook) photo.needsLook = true;
    return photo;
  }
}

function locationColumns(location: CreateBatchRequest['location'] | null): Pick<BatchSettings, 'latitude' | 'longitude' | 'uncertaintyMeters'> {
  return { latitude: location?.latitude ?? null, longitude: location?.longitude ?? null, uncertaintyMeters: location?.uncertaintyMeters ?? null };
}

function summaryOf(batch: StoredBatch): BatchSummary {
  const summary: BatchSummary = {
    id: batch.id,
    name: batch.name,
    kind: batch.kind,
    clockOffsetSeconds: batch.clockOffsetSeconds,
    useExif: batch.useExif,
    createdAt: batch.createdAt.toISOString(),
  };
  if (batch.latitude !== null && batch.longitude !== null) {
    summary.location = { latitude: batch.latitude, longitude: batch.longitude };
    if (batch.uncertaintyMeters !== null) summary.location.uncertaintyMeters = batch.uncertaintyMeters;
  }
  if (batch.timezone) summary.timezone = batch.timezone;
  return summary;
}
