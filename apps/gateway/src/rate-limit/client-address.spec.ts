import { describe, expect, it } from 'vitest';
import { clientAddressKey } from './client-address';

describe(clientAddressKey.name, () => {
  it('keeps an IPv4 address as it is', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('keys every address of one IPv6 /64 alike, and another /64 apart', () => {
    const key = clientAddressKey('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    for (const sibling of ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0db8:0001:0002:1234:5678:9abc:def0', '2001:DB8:1:2::abcd%eth0']) {
      expect(clientAddressKey(sibling)).toBe(key);
    }
    expect(clientAddressKey('2001:db8:1:3::1')).not.toBe(key);
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('fe80::')).toBe('fe80:0:0:0::/64');
  });

  it('turns an IPv4-mapped IPv6 address into the IPv4 client, in dotted or hex form', () => {
    expect(clientAddressKey('::ffff:198.51.100.9')).toBe('198.51.100.9');
    expect(clientAddressKey('::FFFF:c633:6409')).toBe('198.51.100.9');
    expect(clientAddressKey('0:0:0:0:0:ffff:198.51.100.9')).toBe('198.51.100.9');
  });

  it('names an unknown or unparsable address without failing', () => {
    expect(clientAddressKey(undefined)).toBe('unknown');
    expect(clientAddressKey('not-an-ip')).toBe('not-an-ip');
  });
});
