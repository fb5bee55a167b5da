import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { type CreatedReport, type IdentificationView, type ReportRequest, isFinished } from '@wildid/common';
import { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { type IdentificationAccess, mayRead } from '../identifications/identification-access';
import { type RateLimit, RateLimiter } from '../rate-limit/rate-limiter.service';
import { ReportStore } from './report.store';

export const REPORT_NOT_FOUND = 'No identification with this id for this access token or account.';
export const REPORT_NOT_FINISHED = 'This identification is not finished yet: report it once the model has answered.';

const uuid = z.uuid();

/** Anyone who holds an identification (its owner or its access token's holder) may report its answer as wrong. */
@Injectable()
export class ReportService {
  private readonly limit: RateLimit;

  constructor(
    private readonly store: ReportStore,
    private readonly rateLimiter: RateLimiter,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.limit = { name: 'reports', what: 'reports from your network', limit: config.REPORT_RATE_LIMIT, windowSeconds: 3600 };
  }

  /** Only reports that would be stored count against the client's limit; the model is the one that answered. */
  async report(identificationId: string, access: IdentificationAccess, request: ReportRequest, clientKey: string): Promise<CreatedReport> {
    const target = uuid.safeParse(identificationId).success ? await this.store.target(identificationId) : null;
    if (!target || !mayRead(target.owner, access)) throw new NotFoundException(REPORT_NOT_FOUND);
    if (!isFinished({ status: target.status as IdentificationView['status'] })) throw new ConflictException(REPORT_NOT_FINISHED);
    await this.rateLimiter.consume(this.limit, clientKey);
    const created = await this.store.insert({ identificationId, ...request, model: target.model, reporterUserId: access.userId });
    return { id: created.id, createdAt: created.createdAt.toISOString() };
  }
}
