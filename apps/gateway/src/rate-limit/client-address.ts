import { isIPv4, isIPv6 } from 'node:net';

/**
 * The rate-limit key of a client address. One IPv6 subscriber is routinely given a
 * whole /64 (and can pick any address in it), so IPv6 clients are keyed by their /64;
 * an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is the IPv4 client it names.
 */
export function clientAddressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  if (isIPv4(ip)) return ip;
  const address = ip.replace(/%.*$/, ''); // a zone index (fe80::1%eth0) names an interface, not a client
  if (!isIPv6(address)) return ip;
  const groups = expandIPv6(address);
  const isIPv4Mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (isIPv4Mapped) return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function expandIPv6(address: string): number[] {
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number) as [number, number, number, number];
          return [(a << 8) | b, (c << 8) | d];
        });
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The rate-limit key of the client that sent `request` (its IP as Express sees it under `trust proxy`). */
export function clientAddressOf(request: { ip?: string }): string {
  return clientAddressKey(request.ip);
}
