import { type CanActivate, type ExecutionContext, Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { closeAfterAnswer } from '../http/close-after-answer';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { clientAddressOf } from '../rate-limit/client-address';
import { RateLimitedException } from '../rate-limit/rate-limited.exception';
import { RateLimiter } from '../rate-limit/rate-limiter.service';
import { ConcurrentUploads } from './concurrent-uploads';

// Room for the multipart framing around the file itself.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** The answer to a photo over UPLOAD_MAX_BYTES, whether it is refused on its headers or while streaming. */
export function photoTooLarge(maxBytes: number): PayloadTooLargeException {
  const mib = (maxBytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
  return new PayloadTooLargeException(`The photo is larger than the ${mib} MiB limit. Send a smaller photo.`);
}

/** The largest upload body accepted: the photo plus its multipart framing. */
export function maxUploadBodyBytes(config: GatewayConfig): number {
  return config.UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD_BYTES;
}

/**
 * Decides on the headers alone, before a byte of the body is read (guards run before the
 * interceptor that reads it): a declared length over the limit is 413, a client over its
 * upload rate or with UPLOAD_MAX_CONCURRENT_PER_IP uploads already in flight is 429. Such an
 * answer closes the connection (closeAfterAnswer), so the unread body is never read.
 */
@Injectable()
export class UploadAdmissionGuard implements CanActivate {
  private readonly inFlight: ConcurrentUploads;

  constructor(
    private readonly rateLimiter: RateLimiter,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.inFlight = new ConcurrentUploads(config.UPLOAD_MAX_CONCURRENT_PER_IP);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    try {
      return await this.admit(context, request);
    } catch (error) {
      closeAfterAnswer(request);
      throw error;
    }
  }

  private async admit(context: ExecutionContext, request: Request): Promise<boolean> {
    if (Number(request.headers['content-length']) > maxUploadBodyBytes(this.config)) throw photoTooLarge(this.config.UPLOAD_MAX_BYTES);
    const client = clientAddressOf(request);
    // The in-memory place first: a refused attempt then spends none of the client's rate.
    if (!this.inFlight.tryAcquire(client)) {
      const limit = this.config.UPLOAD_MAX_CONCURRENT_PER_IP;
      throw new RateLimitedException(1, 'uploads at once', `Too many uploads at once from your network (at most ${limit}). Wait for one to finish, then try again.`);
    }
    // 'close' comes however the request ends: answered, failed or aborted by the client.
    context.switchToHttp().getResponse<Response>().once('close', () => this.inFlight.release(client));
    await this.rateLimiter.consume(
      { name: 'uploads', what: 'uploads', limit: this.config.RATE_LIMIT_UPLOADS_PER_MINUTE, windowSeconds: 60 },
      request.user ? `user:${request.user.id}` : `ip:${client}`,
    );
    return true;
  }
}
