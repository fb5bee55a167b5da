import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { clientAddressOf } from '../rate-limit/client-address';
import { type RateLimit, RateLimiter } from '../rate-limit/rate-limiter.service';

/** Status reads (an identification and its image) per client IP: each is a database read. */
@Injectable()
export class StatusReadLimitGuard implements CanActivate {
  private readonly rule: RateLimit;

  constructor(
    private readonly rateLimiter: RateLimiter,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.rule = { name: 'status-reads', what: 'status reads from your network', limit: config.RATE_LIMIT_STATUS_READS_PER_MINUTE, windowSeconds: 60 };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.rateLimiter.consume(this.rule, clientAddressOf(context.switchToHttp().getRequest<Request>()));
    return true;
  }
}
