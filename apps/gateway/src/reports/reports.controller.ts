import { Body, Controller, Headers, Param, Post, Req } from '@nestjs/common';
import { type CreatedReport, REPORT_INVALID, type ReportRequest, reportRequestSchema } from '@wildid/common';
import type { Request } from 'express';
import { OptionalUser } from '../auth/current-user';
import type { SignedInUser } from '../auth/session.service';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { bearerToken } from '../identifications/access-token';
import { clientAddressOf } from '../rate-limit/client-address';
import { ReportService } from './report.service';

@Controller('api/identifications/:id/report')
export class ReportsController {
  constructor(private readonly reports: ReportService) {}

  @Post()
  async report(
    @Param('id') id: string,
    @Body(new ZodValidationPipe(reportRequestSchema, REPORT_INVALID)) body: ReportRequest,
    @Req() request: Request,
    @Headers('authorization') authorization?: string,
    @OptionalUser() user?: SignedInUser,
  ): Promise<CreatedReport> {
    return this.reports.report(id, { accessToken: bearerToken(authorization), userId: user?.id }, body, clientAddressOf(request));
  }
}
