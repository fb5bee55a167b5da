import type Redis from 'ioredis';

/** QUIT waits for a reply, which never comes while Redis is unreachable: then just drop the socket. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await client.quit().catch(() => client.disconnect());
}
