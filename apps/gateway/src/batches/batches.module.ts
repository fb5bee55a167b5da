import { Module } from '@nestjs/common';
import { BatchService } from './batch.service';
import { BatchStore } from './batch.store';
import { BatchesController } from './batches.controller';

@Module({ controllers: [BatchesController], providers: [BatchService, BatchStore] })
export class BatchesModule {}
