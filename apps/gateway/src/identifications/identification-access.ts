import { accessTokenMatches } from './access-token';

/** Who is asking: the uploader's access token, a signed-in user, or both. */
export interface IdentificationAccess {
  accessToken?: string;
  userId?: string;
}

/** The owner (by session) or the holder of the access token may read an identification. */
export function mayRead(row: { userId: string | null; accessTokenHash: string }, access: IdentificationAccess): boolean {
  if (access.userId && row.userId === access.userId) return true;
  return accessTokenMatches(access.accessToken, row.accessTokenHash);
}
