import { describe, expect, it } from 'vitest';
import { AddressRanges, PRIVATE_NETWORKS, privateInterfaceAddresses } from './private-networks';

describe(AddressRanges.name, () => {
  describe('includes', () => {
    const sut = new AddressRanges(PRIVATE_NETWORKS);

    it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.9', 'fd12:3456::1'])('counts %s as internal', (address) => {
      expect(sut.includes(address)).toBe(true);
    });

    it.each(['203.0.113.9', '172.32.0.1', '2001:db8::1', '::ffff:8.8.8.8', 'not-an-ip', undefined])('counts %s as public', (address) => {
      expect(sut.includes(address)).toBe(false);
    });
  });

  it('refuses an entry that is not a range, naming it', () => {
    expect(() => new AddressRanges(['10.0.0.0/8', 'localhost'])).toThrow('"localhost" is not an address range');
    expect(() => new AddressRanges(['10.0.0.0/33'])).toThrow('"10.0.0.0/33"');
  });
});

describe('privateInterfaceAddresses', () => {
  it('starts with loopback and holds only private addresses', () => {
    const addresses = privateInterfaceAddresses();
    const ranges = new AddressRanges(PRIVATE_NETWORKS);

    expect(addresses[0]).toBe('127.0.0.1');
    expect(addresses.every((address) => ranges.includes(address))).toBe(true);
  });
});
