import { Controller, Get, Header, HttpCode, Param, Post, Query, StreamableFile, UseGuards } from '@nestjs/common';
import type { AdminReport, AdminReportPage } from '@wildid/common';
import type { z } from 'zod';
import { AdminGuard } from '../admin/admin.guard';
import { CurrentUser } from '../auth/current-user';
import type { SignedInUser } from '../auth/session.service';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { decodeCursor } from './report-cursor';
import { REPORT_LIST_QUERY_INVALID, reportListQuerySchema } from './report-requests';
import { ReportQueueService } from './report-queue.service';

/** The admins' review queue of reported identifications; everyone else gets the 404 of an unknown route. */
@Controller('api/admin/reports')
@UseGuards(AdminGuard)
export class AdminReportsController {
  constructor(private readonly queue: ReportQueueService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async list(@Query(new ZodValidationPipe(reportListQuerySchema, REPORT_LIST_QUERY_INVALID)) query: z.output<typeof reportListQuerySchema>): Promise<AdminReportPage> {
    return this.queue.list(query.status, query.limit, query.cursor ? decodeCursor(query.cursor) : undefined);
  }

  @Get(':id/image')
  @Header('Cache-Control', 'private, no-store')
  async image(@Param('id') id: string): Promise<StreamableFile> {
    const image = await this.queue.image(id);
    return new StreamableFile(image.bytes, { type: image.mimeType, length: image.bytes.length, disposition: 'inline' });
  }

  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(@Param('id') id: string, @CurrentUser() admin: SignedInUser): Promise<AdminReport> {
    return this.queue.resolve(id, admin.email);
  }
}
