import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { type Observable, finalize } from 'rxjs';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { receiveBounded } from '../identifications/bounded-multipart';
import { IMAGE_FIELD } from '../identifications/image-upload.interceptor';
import { maxBatchBodyBytes } from './batch-upload.guard';

export const ARCHIVE_FIELD = 'archive';

/** The files of a batch upload, as multer wrote them to a temporary folder. */
export interface BatchUploadFiles {
  images: Express.Multer.File[];
  archive?: Express.Multer.File;
}

export function batchFilesOf(request: Request): BatchUploadFiles {
  const files = (request.files ?? {}) as Record<string, Express.Multer.File[] | undefined>;
  return { images: files[IMAGE_FIELD] ?? [], archive: files[ARCHIVE_FIELD]?.[0] };
}

/**
 * Streams the `image` parts and the `archive` part of a batch upload to a temporary folder
 * of this request (never into memory: an archive may be BATCH_MAX_ARCHIVE_BYTES), and
 * removes the folder once the answer is out, however the request ends.
 */
@Injectable()
export class BatchUploadInterceptor implements NestInterceptor {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    if (!request.is('multipart/form-data')) throw new BadRequestException(this.whatToSend());
    const folder = await mkdtemp(join(tmpdir(), 'wildid-batch-'));
    const removeFolder = () => void rm(folder, { recursive: true, force: true });
    try {
      await receiveBounded(request, response, this.receiver(folder), {
        maxBodyBytes: maxBatchBodyBytes(this.config),
        tooLarge: () => this.tooLarge(),
        wrongFiles: `Too many files, or an unknown field. ${this.whatToSend()} Send the rest in another request.`,
      });
    } catch (error) {
      removeFolder();
      throw error;
    }
    const files = batchFilesOf(request);
    // multer has one size limit for every field; the archive's own is checked here.
    const refusal =
      files.images.length === 0 && !files.archive ? new BadRequestException(`No files received. ${this.whatToSend()}`)
      : (files.archive?.size ?? 0) > this.config.BATCH_MAX_ARCHIVE_BYTES ? this.tooLarge()
      : null;
    if (refusal) {
      removeFolder();
      throw refusal;
    }
    return next.handle().pipe(finalize(removeFolder));
  }

  private receiver(folder: string) {
    const { BATCH_MAX_FILES_PER_REQUEST: maxFiles, BATCH_MAX_ARCHIVE_BYTES, UPLOAD_MAX_BYTES } = this.config;
    return multer({
      storage: multer.diskStorage({ destination: folder }),
      // A photo over UPLOAD_MAX_BYTES is still received (up to the archive limit) and then refused on its own.
      limits: { fileSize: Math.max(BATCH_MAX_ARCHIVE_BYTES, UPLOAD_MAX_BYTES), files: maxFiles + 1, fields: 10, parts: maxFiles + 11, fieldSize: 4096, fieldNameSize: 100, headerPairs: 50 },
    }).fields([
      { name: IMAGE_FIELD, maxCount: maxFiles },
      { name: ARCHIVE_FIELD, maxCount: 1 },
    ]);
  }

  private whatToSend(): string {
    return `Send multipart/form-data with up to ${this.config.BATCH_MAX_FILES_PER_REQUEST} photos in "${IMAGE_FIELD}" fields, or one zip in an "${ARCHIVE_FIELD}" field.`;
  }

  private tooLarge(): PayloadTooLargeException {
    const mib = Math.round(this.config.BATCH_MAX_ARCHIVE_BYTES / 1024 / 1024);
    return new PayloadTooLargeException(`The archive is larger than the ${mib} MiB limit. Split it into several zips.`);
  }
}
