import { Inject, Logger, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ExpressAdapter } from '@nestjs/platform-express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { LIVE_RELOAD_PATH, LiveReload } from './live-reload';
import { securityHeaders } from './security-headers';
import { WEB_ASSET_OPTIONS, WEB_ROOT, webAppIsBuilt } from './web-assets';

/** Puts the security headers on every HTTP response and serves the browser app (dist/web) at `/`. */
@Module({})
export class WebHostModule implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebHostModule.name);
  private readonly http?: ExpressAdapter;
  private liveReload?: LiveReload;

  constructor(
    adapterHost: HttpAdapterHost,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.http = adapterHost.httpAdapter as ExpressAdapter | undefined;
    // Mounted while Nest instantiates modules, i.e. before `app.init()` registers any Nest
    // middleware or route: so the headers are also on responses that middleware ends early
    // (the CSRF check's 403, a failed session lookup's 503).
    this.http?.use(securityHeaders(config.PUBLIC_URL));
  }

  /** Runs after Nest mounted its routes and before its not-found handler: the API always wins over a file. */
  onModuleInit(): void {
    if (!this.http) return; // an application context without HTTP
    if (!webAppIsBuilt()) this.logger.warn({ msg: 'the web app is not built: run `npm run build`', missing: `${WEB_ROOT}/index.html` });
    this.http.useStaticAssets(WEB_ROOT, WEB_ASSET_OPTIONS);
    if (this.config.NODE_ENV === 'development') {
      this.liveReload = new LiveReload(WEB_ROOT);
      this.http.get(LIVE_RELOAD_PATH, this.liveReload.handle);
    }
  }

  onModuleDestroy(): void {
    this.liveReload?.close();
  }
}
