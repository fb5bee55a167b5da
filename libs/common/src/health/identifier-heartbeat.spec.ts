import { describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_TTL_SECONDS, IDENTIFIER_HEARTBEATS_KEY, readIdentifierHeartbeats } from './identifier-heartbeat';

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);

function beat(workerId: string, ageMs: number) {
  return JSON.stringify({
    workerId,
    model: 'Qwen/Qwen3.5-9B',
    modelConfigured: true,
    models: [{ name: 'Qwen/Qwen3.5-9B', available: true, checkedAt: new Date(NOW - ageMs).toISOString() }],
    at: new Date(NOW - ageMs).toISOString(),
  });
}

describe(readIdentifierHeartbeats.name, () => {
  it('reads every worker from the one hash and removes the fields of dead or unreadable ones', async () => {
    const redis = {
      hgetall: vi.fn().mockResolvedValue({
        'host:1': beat('host:1', 2_000),
        'host:2': beat('host:2', HEARTBEAT_TTL_SECONDS * 1000 + 1),
        'host:3': 'not json',
      }),
      hdel: vi.fn().mockResolvedValue(2),
    };

    const live = await readIdentifierHeartbeats(redis, NOW);

    expect(redis.hgetall).toHaveBeenCalledWith(IDENTIFIER_HEARTBEATS_KEY);
    expect(live.map((heartbeat) => heartbeat.workerId)).toEqual(['host:1']);
    expect(live[0].models).toEqual([expect.objectContaining({ name: 'Qwen/Qwen3.5-9B', available: true })]);
    expect(redis.hdel).toHaveBeenCalledWith(IDENTIFIER_HEARTBEATS_KEY, 'host:2', 'host:3');
  });

  it('deletes nothing when every worker is alive', async () => {
    const redis = { hgetall: vi.fn().mockResolvedValue({ 'host:1': beat('host:1', 0) }), hdel: vi.fn() };

    expect(await readIdentifierHeartbeats(redis, NOW)).toHaveLength(1);
    expect(redis.hdel).not.toHaveBeenCalled();
  });
});
