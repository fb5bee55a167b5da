import type { IncomingMessage } from 'node:http';
import type { Express } from 'express';
import proxyaddr from 'proxy-addr';
import { clientAddressKey } from '../rate-limit/client-address';

/**
 * The rate-limit key of a socket's client, found as Express finds `request.ip`: through the
 * app's own `trust proxy` function (set in main.ts), so sockets and HTTP count one client alike.
 */
export function socketClientKey(request: IncomingMessage, expressApp: Express): string {
  const trust = expressApp.get('trust proxy fn') as (address: string, hop: number) => boolean;
  return clientAddressKey(proxyaddr(request, trust));
}
