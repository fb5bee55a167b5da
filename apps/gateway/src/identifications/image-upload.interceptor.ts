import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  type PayloadTooLargeException,
} from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { receiveBounded } from './bounded-multipart';
import { maxUploadBodyBytes, photoTooLarge } from './upload-admission.guard';

export const IMAGE_FIELD = 'image';

const parsedAt = new WeakMap<Request, Date>();

/** When ImageUploadInterceptor had read and checked the request's body. */
export function parsedAtOf(request: Request): Date {
  const at = parsedAt.get(request);
  if (!at) throw new Error('parsedAtOf: the request did not pass through ImageUploadInterceptor');
  return at;
}

/**
 * Reads the one `image` part of a multipart upload into memory (after UploadAdmissionGuard
 * has checked the headers), enforcing the size limit while streaming: an oversized upload is refused before it is held whole,
 * and answered as soon as it passes the limit, not when the client stops sending (receiveBounded).
 */
@Injectable()
export class ImageUploadInterceptor implements NestInterceptor {
  private readonly receive: RequestHandler;
  private readonly maxBytes: number;
  private readonly maxBodyBytes: number;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.maxBytes = config.UPLOAD_MAX_BYTES;
    this.maxBodyBytes = maxUploadBodyBytes(config);
    this.receive = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: this.maxBytes, files: 1, fields: 10, parts: 11, fieldSize: 4096, fieldNameSize: 100, headerPairs: 50 },
    }).single(IMAGE_FIELD);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    if (!request.is('multipart/form-data')) {
      throw new BadRequestException(`Send the photo as multipart/form-data in a field named "${IMAGE_FIELD}".`);
    }
    await receiveBounded(request, response, this.receive, {
      maxBodyBytes: this.maxBodyBytes,
      tooLarge: () => this.tooLarge(),
      wrongFiles: `Send exactly one photo, in the multipart field "${IMAGE_FIELD}".`,
    });
    if (!request.file) throw new BadRequestException(`No photo received: send it in the multipart field "${IMAGE_FIELD}".`);
    parsedAt.set(request, new Date());
    return next.handle();
  }

  private tooLarge(): PayloadTooLargeException {
    return photoTooLarge(this.maxBytes);
  }
}
