import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { closeRedis, createPatientRedis } from '@wildid/common';
import type Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { requestOriginOf } from '../auth/request-origin';

/** Largest socket message accepted; subscribe requests are tiny. */
const MAX_SOCKET_MESSAGE_BYTES = 16 * 1024;

/**
 * socket.io over the Redis adapter: an event emitted by any gateway or by a
 * worker's Redis emitter reaches the browser on whichever gateway it is connected to.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(
    app: INestApplicationContext,
    redisUrl: string,
    private readonly allowedOrigin: string,
  ) {
    super(app);
    this.pub = createPatientRedis(redisUrl, 'gateway:socket.io:pub');
    this.sub = this.pub.duplicate({ connectionName: 'gateway:socket.io:sub' });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
      // A page on another site must not use a visitor's session cookie here: its handshake names that
      // site in Origin (else Referer). With neither (a client that is not a browser, or our own page's
      // same-origin polling GET) it is let through: SameSite=Lax keeps other sites' requests cookie-less.
      allowRequest: (request, callback) => {
        const origin = requestOriginOf(request.headers);
        callback(null, origin === undefined || origin === this.allowedOrigin);
      },
    } as ServerOptions);
    server.adapter(createAdapter(this.pub, this.sub));
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all([closeRedis(this.pub), closeRedis(this.sub)]);
  }
}
