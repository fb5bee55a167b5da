import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_ASSET_OPTIONS } from './web-assets';

function cacheControlFor(path: string): string | undefined {
  let value: string | undefined;
  const response = { setHeader: (_name: string, header: string) => (value = header) } as unknown as ServerResponse;
  WEB_ASSET_OPTIONS.setHeaders?.(response, path, undefined);
  return value;
}

describe('web asset options', () => {
  describe('setHeaders', () => {
    it('lets browsers keep content-hashed assets for good', () => {
      expect(cacheControlFor(join('/app/dist/web/assets', 'app-INUH4GBQ.js'))).toBe('public, max-age=31536000, immutable');
    });

    it('makes browsers revalidate index.html, which names the current assets', () => {
      expect(cacheControlFor(join('/app/dist/web', 'index.html'))).toBe('no-cache');
    });
  });
});
