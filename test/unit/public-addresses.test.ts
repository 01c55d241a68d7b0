import { expect } from 'chai';
import { AddressPolicy } from '../../lti-tool/services/public-addresses';

describe('which addresses registration may connect to', () => {
  const publicOnly = new AddressPolicy();
  const refused = [
    '0.0.0.0', '10.1.2.3', '100.64.0.1', '100.127.255.254', '127.0.0.1', '127.8.8.8', '169.254.169.254', '172.16.0.1', '172.31.255.255',
    '192.168.1.1', '192.0.2.10', '198.18.0.1', '224.0.0.251', '239.255.255.250', '240.0.0.1', '255.255.255.255',
    '::', '::1', '[::1]', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '::ffff:10.0.0.1', '0:0:0:0:0:ffff:7f00:1',
    'fe80::1', 'fe80::1%eth0', 'fc00::1', 'fd12:3456::1', 'ff02::1', '2001:db8::1', '64:ff9b::7f00:1', '2002:7f00:1::1',
    'localhost', 'not an address',
  ];
  for (const address of refused) {
    it(`when the address is ${address}, then it is refused by default`, () => {
      expect(publicOnly.permits(address)).to.equal(false);
    });
  }
  for (const address of ['8.8.8.8', '130.237.28.40', '100.63.255.255', '172.32.0.1', '::ffff:8.8.8.8', '2606:4700:4700::1111', '2a00:1450:4010::64']) {
    it(`when the address is public (${address}), then it is allowed`, () => {
      expect(publicOnly.permits(address)).to.equal(true);
    });
  }
  it('when an administrator allows a network, then addresses in it (also IPv4-mapped) pass and others still do not', () => {
    const policy = new AddressPolicy(['127.0.0.0/8', '::1/128', '10.20.0.5']);
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.20.0.5'].map((a) => policy.permits(a))).to.deep.equal([true, true, true, true]);
    expect(['10.20.0.6', '192.168.0.1', '169.254.169.254'].map((a) => policy.permits(a))).to.deep.equal([false, false, false]);
  });
});
