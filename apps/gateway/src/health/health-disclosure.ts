import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import { AddressRanges } from '@wildid/common';
import type { Request, Response } from 'express';
import '../auth/current-user';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

/**
 * Who may read the health details (model names, a missing key, dependency
 * errors, worker counts): admins, and requests from HEALTH_DETAILS_FROM
 * (loopback and private networks by default: Docker's health check,
 * Prometheus, a load balancer). Everyone else gets `{ status }` with the same
 * HTTP code. The peer is `request.ip`, which follows X-Forwarded-For only as
 * far as TRUST_PROXY trusts it.
 */
@Injectable()
export class HealthDisclosure {
  private readonly internal: AddressRanges;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.internal = new AddressRanges(config.HEALTH_DETAILS_FROM);
  }

  /** Runs the check (Terminus throws a 503 carrying the body when one is down) and answers what this caller may see. */
  async answer(request: Request, response: Response, check: () => Promise<HealthCheckResult>): Promise<object> {
    let result: HealthCheckResult;
    try {
      result = await check();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
      response.status(503);
    }
    return this.maySeeDetails(request) ? result : { status: result.status };
  }

  maySeeDetails(request: Request): boolean {
    return request.user?.isAdmin === true || this.internal.includes(request.ip);
  }
}
