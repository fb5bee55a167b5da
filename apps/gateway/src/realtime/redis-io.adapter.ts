import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { closeRedis, createPatientRedis } from '@wildid/common';
import type Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

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
      // Browsers always send Origin: a page on another site must not use a visitor's session cookie here.
      // Clients without Origin (apps, scripts) carry no ambient cookies and are let through.
      allowRequest: (request, callback) => {
        const origin = request.headers.origin;
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
