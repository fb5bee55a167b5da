import { Module } from '@nestjs/common';
import { HistoryController } from './history.controller';
import { HistoryService } from './history.service';
import { HistoryStore } from './history.store';

@Module({ controllers: [HistoryController], providers: [HistoryService, HistoryStore] })
export class HistoryModule {}
