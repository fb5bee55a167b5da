import { type CanActivate, type ExecutionContext, Inject, Injectable, PayloadTooLargeException, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { closeAfterAnswer } from '../http/close-after-answer';
import { ConcurrentUploads } from '../identifications/concurrent-uploads';
import { clientAddressOf } from '../rate-limit/client-address';
import { RateLimitedException } from '../rate-limit/rate-limited.exception';
import { RateLimiter } from '../rate-limit/rate-limiter.service';
import { BatchService } from './batch.service';

// Room for the multipart framing around the files.
const MULTIPART_OVERHEAD_BYTES = 256 * 1024;

/** The largest body of POST /api/batches/:id/photos: a full request of photos or the largest archive, whichever is more. */
export function maxBatchBodyBytes(config: GatewayConfig): number {
  return Math.max(config.BATCH_MAX_ARCHIVE_BYTES, config.BATCH_MAX_FILES_PER_REQUEST * config.UPLOAD_MAX_BYTES) + MULTIPART_OVERHEAD_BYTES;
}

/**
 * Decides on the headers, before the body is read: signed in (401), the batch is theirs
 * (404), a declared size within bounds (413), fewer than BATCH_MAX_CONCURRENT_PER_IP batch uploads
 * in flight from the client's address (429: each can hold a large archive on disk for minutes),
 * one request of the person's upload rate (429).
 * A refusal closes the connection, so a large unread body is never read.
 */
@Injectable()
export class BatchUploadGuard implements CanActivate {
  private readonly inFlight: ConcurrentUploads;

  constructor(
    private readonly batches: BatchService,
    private readonly rateLimiter: RateLimiter,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.inFlight = new ConcurrentUploads(config.BATCH_MAX_CONCURRENT_PER_IP);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    try {
      if (!request.user) throw new UnauthorizedException('Sign in first: batches belong to an account.');
      await this.batches.owned(String(request.params.id), request.user.id);
      if (Number(request.headers['content-length']) > maxBatchBodyBytes(this.config)) {
        throw new PayloadTooLargeException(
          `The upload is larger than a batch request may be. Send at most ${this.config.BATCH_MAX_FILES_PER_REQUEST} photos, or a zip of at most BATCH_MAX_ARCHIVE_BYTES, per request.`,
        );
      }
      const client = clientAddressOf(request);
      if (!this.inFlight.tryAcquire(client)) {
        const limit = this.config.BATCH_MAX_CONCURRENT_PER_IP;
        throw new RateLimitedException(5, 'batch uploads at once', `Too many batch uploads at once from your network (at most ${limit}). Wait for one to finish, then try again.`);
      }
      // 'close' comes however the request ends: answered, failed or aborted by the client.
      context.switchToHttp().getResponse<Response>().once('close', () => this.inFlight.release(client));
      await this.rateLimiter.consume(
        { name: 'uploads', what: 'uploads', limit: this.config.RATE_LIMIT_UPLOADS_PER_MINUTE, windowSeconds: 60 },
        `user:${request.user.id}`,
      );
      return true;
    } catch (error) {
      closeAfterAnswer(request);
      throw error;
    }
  }
}
