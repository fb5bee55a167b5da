import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Loopback and private ranges (RFC 1918, IPv6 unique local): where Docker, Prometheus and a LAN live, never the internet. */
export const PRIVATE_NETWORKS = ['127.0.0.0/8', '::1/128', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];

/** A set of CIDR ranges that answers "is this address inside?". */
export class AddressRanges {
  private readonly list = new BlockList();

  /** Throws, naming the entry, on anything that is not `address/prefix`. */
  constructor(readonly cidrs: string[]) {
    for (const cidr of cidrs) {
      const [address, prefix] = cidr.split('/');
      const type = isIPv4(address ?? '') ? 'ipv4' : isIPv6(address ?? '') ? 'ipv6' : undefined;
      const bits = Number(prefix);
      if (!type || !/^\d+$/.test(prefix ?? '') || bits > (type === 'ipv4' ? 32 : 128)) throw new Error(`"${cidr}" is not an address range like 10.0.0.0/8 or fc00::/7`);
      this.list.addSubnet(address!, bits, type);
    }
  }

  includes(address: string | undefined): boolean {
    if (!address) return false;
    // A dual-stack listener reports IPv4 peers as ::ffff:a.b.c.d.
    const plain = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
    if (isIPv4(plain)) return this.list.check(plain, 'ipv4');
    return isIPv6(plain) && this.list.check(plain, 'ipv6');
  }
}

/** This machine's (or container's) addresses inside the private ranges, loopback first: where internal listeners bind. */
export function privateInterfaceAddresses(): string[] {
  const ranges = new AddressRanges(PRIVATE_NETWORKS);
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry !== undefined && !entry.address.startsWith('fe80:') && ranges.includes(entry.address))
    .map((entry) => entry!.address);
  return [...new Set(['127.0.0.1', ...addresses])];
}
