import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import type { BatchPhotoPage, BatchUploadResult, BatchView } from '@wildid/common';
import type { Request } from 'express';
import type { z } from 'zod';
import { CurrentUser } from '../auth/current-user';
import type { SignedInUser } from '../auth/session.service';
import { requestIdOf } from '../http/request-id';
import { receivedAtOf } from '../http/request-received';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { BatchIntake } from './batch-intake.service';
import { BatchUploadGuard } from './batch-upload.guard';
import { BatchUploadInterceptor, batchFilesOf } from './batch-upload.interceptor';
import {
  BATCH_LIST_QUERY_INVALID,
  BATCH_PHOTOS_QUERY_INVALID,
  CREATE_BATCH_INVALID,
  UPDATE_BATCH_INVALID,
  type BatchPhotosQuery,
  type CreateBatchRequest,
  type UpdateBatchRequest,
  batchListQuerySchema,
  batchPhotosQuerySchema,
  createBatchSchema,
  updateBatchSchema,
} from './batch-requests';
import { BatchService, type BatchSummary } from './batch.service';

@Controller('api/batches')
export class BatchesController {
  constructor(
    private readonly batches: BatchService,
    private readonly intake: BatchIntake,
  ) {}

  @Post()
  async create(@CurrentUser() user: SignedInUser, @Body(new ZodValidationPipe(createBatchSchema, CREATE_BATCH_INVALID)) body: CreateBatchRequest): Promise<BatchView> {
    return this.batches.create(user.id, body);
  }

  @Get()
  async list(
    @CurrentUser() user: SignedInUser,
    @Query(new ZodValidationPipe(batchListQuerySchema, BATCH_LIST_QUERY_INVALID)) query: z.output<typeof batchListQuerySchema>,
  ): Promise<{ items: BatchSummary[] }> {
    return this.batches.list(user.id, query.limit);
  }

  @Get(':id')
  async find(@Param('id') id: string, @CurrentUser() user: SignedInUser): Promise<BatchView> {
    return this.batches.find(id, user.id);
  }

  @Get(':id/identifications')
  async photos(
    @Param('id') id: string,
    @CurrentUser() user: SignedInUser,
    @Query(new ZodValidationPipe(batchPhotosQuerySchema, BATCH_PHOTOS_QUERY_INVALID)) query: BatchPhotosQuery,
  ): Promise<BatchPhotoPage> {
    return this.batches.photos(id, user.id, query);
  }

  @Post(':id/photos')
  @HttpCode(202)
  @UseGuards(BatchUploadGuard)
  @UseInterceptors(BatchUploadInterceptor)
  async upload(@Param('id') id: string, @CurrentUser() user: SignedInUser, @Req() request: Request): Promise<BatchUploadResult> {
    const batch = await this.batches.owned(id, user.id);
    return this.intake.receive(batch, batchFilesOf(request), { receivedAt: receivedAtOf(request), parsedAt: new Date(), requestId: requestIdOf(request) });
  }

  @Patch(':id')
  async update(
    @Param('id') id: string,
    @CurrentUser() user: SignedInUser,
    @Body(new ZodValidationPipe(updateBatchSchema, UPDATE_BATCH_INVALID)) body: UpdateBatchRequest,
  ): Promise<BatchView> {
    return this.batches.update(id, user.id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string, @CurrentUser() user: SignedInUser): Promise<void> {
    await this.batches.delete(id, user.id);
  }
}
