/**
 * Access tokens of uploads made while signed out, kept in localStorage so that
 * signing in later can claim them into the account (then they are forgotten).
 */
export interface KeptUpload {
  id: string;
  accessToken: string;
  createdAt: string;
}

const STORAGE_KEY = 'wildid.anonymousUploads';
// The claim endpoint takes at most 200 at once; older ones have expired by then anyway.
const MAX_KEPT = 200;

export function keptUploads(): KeptUpload[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isKeptUpload) : [];
  } catch {
    return []; // storage disabled or corrupted: nothing to claim
  }
}

export function keepUpload(upload: KeptUpload): void {
  save([upload, ...keptUploads().filter((kept) => kept.id !== upload.id)].slice(0, MAX_KEPT));
}

export function forgetUploads(ids: Iterable<string>): void {
  const forgotten = new Set(ids);
  save(keptUploads().filter((kept) => !forgotten.has(kept.id)));
}

export function accessTokenOf(id: string): string | undefined {
  return keptUploads().find((kept) => kept.id === id)?.accessToken;
}

function save(uploads: KeptUpload[]): void {
  try {
    if (uploads.length === 0) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify(uploads));
  } catch {
    // Private browsing with storage off: the upload still works, it just cannot be claimed later.
  }
}

function isKeptUpload(value: unknown): value is KeptUpload {
  const upload = value as Partial<KeptUpload> | null;
  return typeof upload?.id === 'string' && typeof upload.accessToken === 'string' && typeof upload.createdAt === 'string';
}
