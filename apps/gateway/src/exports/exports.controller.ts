import { Controller, Get, Logger, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentUser } from '../auth/current-user';
import type { SignedInUser } from '../auth/session.service';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import {
  BATCH_EXPORT_QUERY_INVALID,
  type BatchExportQuery,
  HISTORY_EXPORT_QUERY_INVALID,
  type HistoryExportQuery,
  batchExportQuerySchema,
  historyExportQuerySchema,
} from './export-requests';
import { type Export, ExportsService } from './exports.service';

/** Downloads of a person's own identifications: the whole history, or one batch. */
@Controller()
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(private readonly exports: ExportsService) {}

  @Get('api/me/identifications/export')
  async history(
    @CurrentUser() user: SignedInUser,
    @Query(new ZodValidationPipe(historyExportQuerySchema, HISTORY_EXPORT_QUERY_INVALID)) query: HistoryExportQuery,
    @Res() response: Response,
  ): Promise<void> {
    await this.send(this.exports.history(user, query), response);
  }

  @Get('api/batches/:id/export')
  async batch(
    @Param('id') id: string,
    @CurrentUser() user: SignedInUser,
    @Query(new ZodValidationPipe(batchExportQuerySchema, BATCH_EXPORT_QUERY_INVALID)) query: BatchExportQuery,
    @Res() response: Response,
  ): Promise<void> {
    await this.send(await this.exports.batch(id, user, query), response);
  }

  private async send(exported: Export, response: Response): Promise<void> {
    response.setHeader('Content-Type', exported.contentType);
    response.setHeader('Content-Disposition', `attachment; filename="${exported.fileName}"`);
    try {
      await exported.write(response);
    } catch (error) {
      // The download is cut off (the reader left, or a read failed): nothing can be answered any more.
      this.logger.warn({ msg: 'export stopped', fileName: exported.fileName, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
