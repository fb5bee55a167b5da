import { Module } from '@nestjs/common';
import { LifeListController } from './life-list.controller';
import { LifeListStore } from './life-list.store';

@Module({ controllers: [LifeListController], providers: [LifeListStore] })
export class LifeListModule {}
