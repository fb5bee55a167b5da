import { Module } from '@nestjs/common';
import { ExportStore } from './export.store';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({ controllers: [ExportsController], providers: [ExportsService, ExportStore] })
export class ExportsModule {}
