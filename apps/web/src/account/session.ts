import { type Account, claimIdentifications, fetchAccount } from '../api/account';
import { forgetUploads, keptUploads } from './anonymous-uploads';

const CLAIM_BATCH = 200;

/**
 * Who is signed in. Right after signing in, the photos identified on this
 * device while signed out are claimed into the account, then forgotten here.
 */
export async function loadSession(): Promise<{ account: Account | null; claimed: number }> {
  const account = await fetchAccount();
  if (!account) return { account, claimed: 0 };
  let claimed = 0;
  const kept = keptUploads();
  for (let start = 0; start < kept.length; start += CLAIM_BATCH) {
    const batch = kept.slice(start, start + CLAIM_BATCH);
    try {
      claimed += (await claimIdentifications(batch.map(({ id, accessToken }) => ({ id, accessToken })))).claimed;
    } catch {
      return { account, claimed }; // kept for the next visit
    }
    // Unclaimed ones have expired or were claimed already: nothing left to keep them for.
    forgetUploads(batch.map((upload) => upload.id));
  }
  return { account, claimed };
}
