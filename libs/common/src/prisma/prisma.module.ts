import { type DynamicModule, Global, Module } from '@nestjs/common';
import { PRISMA_OPTIONS, type PrismaOptions, PrismaService } from './prisma.service';

@Global()
@Module({})
export class PrismaModule {
  static forRoot(options: PrismaOptions): DynamicModule {
    return {
      module: PrismaModule,
      providers: [{ provide: PRISMA_OPTIONS, useValue: options }, PrismaService],
      exports: [PrismaService],
    };
  }
}
