import { BlockList, isIP } from 'node:net';

/**
 * Address ranges the tool never fetches from on a stranger's say-so (IANA special-purpose registries):
 * "this network", private, carrier-grade NAT, loopback, link-local (cloud metadata at 169.254.169.254),
 * documentation, benchmarking, multicast, reserved and broadcast; in IPv6 also the unspecified and
 * loopback addresses, IPv4-compatible and NAT64/6to4/Teredo forms (they embed an IPv4 address), ULA,
 * link-local, site-local and multicast. IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged by its IPv4 address.
 */
const special: Array<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.88.99.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 8, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001::', 23, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['2002::', 16, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fec0::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

type Family = 'ipv4' | 'ipv6';

/**
 * One list per family: Node's BlockList also matches an IPv4 address against IPv6 rules (as ::ffff:a.b.c.d),
 * so ::/8 in a shared list would catch every IPv4 address.
 */
function rangeLists(ranges: Array<[string, number, Family]>): Record<Family, BlockList> {
  const lists = { ipv4: new BlockList(), ipv6: new BlockList() };
  for (const [network, prefix, type] of ranges) lists[type].addSubnet(network, prefix, type);
  return lists;
}

const specialRanges = rangeLists(special);

/** Decides which addresses the registration may connect to: public ones, plus networks an administrator allowed. */
export class AddressPolicy {
  private readonly allowed: Record<Family, BlockList>;

  /** `allowedNetworks`: CIDR strings (a bare address is one host), e.g. REGISTRATION_ALLOWED_NETWORKS. */
  constructor(allowedNetworks: readonly string[] = []) {
    this.allowed = rangeLists(
      allowedNetworks.map((entry): [string, number, Family] => {
        const [address = '', prefix] = entry.split('/');
        const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
        return [address, prefix === undefined ? (type === 'ipv4' ? 32 : 128) : Number(prefix), type];
      }),
    );
  }

  /** Whether the tool may connect to this literal IP address. Anything that is not an IP is refused. */
  permits(address: string): boolean {
    const plain = unwrapMapped(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
    const family = isIP(plain);
    if (family === 0) return false;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (this.allowed[type].check(plain, type)) return true;
    return !specialRanges[type].check(plain, type);
  }
}

/** ::ffff:a.b.c.d and ::ffff:XXXX:XXXX reach the IPv4 address a.b.c.d. */
function unwrapMapped(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted?.[1]) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex?.[1] || !hex[2]) return address;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}
