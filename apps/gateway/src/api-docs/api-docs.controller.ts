import { Controller, Get, Header, Inject } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { apiDocsPage } from './api-docs-page';
import { buildOpenApiDocument } from './openapi-document';

/** The API description, built once at start from the zod schemas the controllers validate with. */
@Controller('api')
export class ApiDocsController {
  private readonly document: ReturnType<typeof buildOpenApiDocument>;
  private readonly page: string;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.document = buildOpenApiDocument(config.PUBLIC_URL);
    this.page = apiDocsPage(this.document);
  }

  @Get('openapi.json')
  @Header('Cache-Control', 'no-cache')
  openApi(): ReturnType<typeof buildOpenApiDocument> {
    return this.document;
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  docs(): string {
    return this.page;
  }
}
