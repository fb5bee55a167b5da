import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import type { ExpressAdapter } from '@nestjs/platform-express';

/** Where scripts/build-web.mjs writes the browser app: dist/web, beside dist/apps. */
export const WEB_ROOT = resolve(__dirname, '../../../../web');

type ServeStaticOptions = Parameters<ExpressAdapter['useStaticAssets']>[1];

const ASSETS_DIR = `${sep}assets${sep}`;

export function webAppIsBuilt(root = WEB_ROOT): boolean {
  return existsSync(join(root, 'index.html'));
}

/**
 * express.static settings: file names under assets/ carry a content hash, so
 * they never change and may be cached for good; index.html names the current
 * ones, so browsers must revalidate it on every visit.
 */
export const WEB_ASSET_OPTIONS: ServeStaticOptions = {
  index: 'index.html',
  redirect: false,
  fallthrough: true,
  dotfiles: 'ignore',
  setHeaders(response: ServerResponse, path: string) {
    const immutable = path.includes(ASSETS_DIR);
    response.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  },
};
