import { randomUUID } from 'node:crypto';
import {
  Controller,
  Get,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Req,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import type { IdentificationView } from '@wildid/common';
import type { Request } from 'express';
import { bearerToken } from './access-token';
import { type CreatedIdentification, IdentificationService } from './identification.service';
import { ImageNormalizer } from './image-normalizer.service';
import { ImageUploadInterceptor } from './image-upload.interceptor';

const NOT_FOUND = 'No identification with this id for this access token.';

@Controller('api/identifications')
export class IdentificationsController {
  constructor(
    private readonly identifications: IdentificationService,
    private readonly normalizer: ImageNormalizer,
  ) {}

  @Post()
  @HttpCode(202)
  @UseInterceptors(ImageUploadInterceptor)
  async create(@UploadedFile() file: Express.Multer.File, @Req() request: Request): Promise<CreatedIdentification> {
    const image = await this.normalizer.normalize(file.buffer);
    return this.identifications.create(image, requestIdOf(request));
  }

  @Get(':id')
  async get(@Param('id') id: string, @Headers('authorization') authorization?: string): Promise<IdentificationView> {
    const view = await this.identifications.findView(id, bearerToken(authorization));
    if (!view) throw new NotFoundException(NOT_FOUND);
    return view;
  }

  @Get(':id/image')
  async image(@Param('id') id: string, @Headers('authorization') authorization?: string): Promise<StreamableFile> {
    const image = await this.identifications.findImage(id, bearerToken(authorization));
    if (!image) throw new NotFoundException(NOT_FOUND);
    return new StreamableFile(image.bytes, { type: image.mimeType, length: image.bytes.length, disposition: 'inline' });
  }
}

/** Travels with the job so one identification can be followed across processes. */
function requestIdOf(request: Request): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID();
}
