import { accessTokenMatches } from './access-token';

/** Who is asking: the uploader's access token, a signed-in user, or both. */
export interface IdentificationAccess {
  accessToken?: string;
  userId?: string;
}

/** Whose an identification is: its signed-in uploader, if any, and the hash of its access token. */
export interface IdentificationOwner {
  userId: string | null;
  accessTokenHash: string;
}

/** The owner (by session) or the holder of the access token may read an identification. */
export function mayRead(row: IdentificationOwner, access: IdentificationAccess): boolean {
  if (access.userId && row.userId === access.userId) return true;
  return accessTokenMatches(access.accessToken, row.accessTokenHash);
}
