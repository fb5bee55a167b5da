import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Req,
  StreamableFile,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { IdentificationView } from '@wildid/common';
import type { Request } from 'express';
import { singlePhotoCapture } from '../batches/single-photo-capture';
import { CurrentUser, OptionalUser } from '../auth/current-user';
import type { SignedInUser } from '../auth/session.service';
import { requestIdOf } from '../http/request-id';
import { receivedAtOf } from '../http/request-received';
import { bearerToken } from './access-token';
import type { IdentificationAccess } from './identification-access';
import { type CreatedIdentification, IdentificationService } from './identification.service';
import { ImageNormalizer } from './image-normalizer.service';
import { ImageUploadInterceptor, parsedAtOf } from './image-upload.interceptor';
import { StatusReadLimitGuard } from './status-read-limit.guard';
import { UploadAdmissionGuard } from './upload-admission.guard';

const NOT_FOUND = 'No identification with this id for this access token or account.';

@Controller('api/identifications')
export class IdentificationsController {
  constructor(
    private readonly identifications: IdentificationService,
    private readonly normalizer: ImageNormalizer,
  ) {}

  @Post()
  @HttpCode(202)
  @UseGuards(UploadAdmissionGuard)
  @UseInterceptors(ImageUploadInterceptor)
  async create(
    @UploadedFile() file: Express.Multer.File,
    @Req() request: Request,
    @Body() fields: Record<string, unknown>,
    @OptionalUser() user?: SignedInUser,
  ): Promise<CreatedIdentification> {
    const useExif = useExifField(fields.useExif);
    const image = await this.normalizer.normalize(file.buffer);
    const upload = {
      receivedAt: receivedAtOf(request),
      parsedAt: parsedAtOf(request),
      normalizedAt: new Date(),
      requestId: requestIdOf(request),
      userId: user?.id,
    };
    return this.identifications.create(image, upload, useExif ? singlePhotoCapture(image.sourceExif) : undefined);
  }

  @Get(':id')
  @UseGuards(StatusReadLimitGuard)
  async get(
    @Param('id') id: string,
    @Headers('authorization') authorization?: string,
    @OptionalUser() user?: SignedInUser,
  ): Promise<IdentificationView> {
    const view = await this.identifications.findView(id, accessOf(authorization, user));
    if (!view) throw new NotFoundException(NOT_FOUND);
    return view;
  }

  @Get(':id/image')
  @UseGuards(StatusReadLimitGuard)
  @Header('Cache-Control', 'private, max-age=3600')
  async image(
    @Param('id') id: string,
    @Headers('authorization') authorization?: string,
    @OptionalUser() user?: SignedInUser,
  ): Promise<StreamableFile> {
    const image = await this.identifications.findImage(id, accessOf(authorization, user));
    if (!image) throw new NotFoundException(NOT_FOUND);
    return new StreamableFile(image.bytes, { type: image.mimeType, length: image.bytes.length, disposition: 'inline' });
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string, @CurrentUser() user: SignedInUser): Promise<void> {
    if (!(await this.identifications.delete(id, user.id))) throw new NotFoundException(NOT_FOUND);
  }
}

export const USE_EXIF_INVALID = 'The field useExif must be "true" or "false".';

/** The optional multipart field asking for the photo's own EXIF time and place to be used. */
function useExifField(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new BadRequestException(USE_EXIF_INVALID);
}

function accessOf(authorization: string | undefined, user: SignedInUser | undefined): IdentificationAccess {
  return { accessToken: bearerToken(authorization), userId: user?.id };
}
