/** An absolute link to one of the gateway's paths (`path` without a leading slash), under PUBLIC_URL even when it has a sub-path. */
export function publicLink(publicUrl: string, path: string): string {
  return new URL(path, publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`).toString();
}
