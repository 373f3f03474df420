/**
 * Which resolved addresses a webhook delivery may connect to. Checked when
 * the connection is made (the socket's own DNS lookup), so a name that
 * resolves to a private address at delivery time, or rebinds after
 * registration, is refused as surely as a literal one.
 */

import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { WebhookTargetPolicy } from '../../domain/webhook.ts';

const never = new BlockList();
// Private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254), "this network",
// benchmarking, documentation, multicast and reserved ranges: nothing a public receiver lives on.
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  never.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as const)
  never.addSubnet(network, prefix, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** An IPv4 address mapped into IPv6 (`::ffff:10.0.0.1`) is judged as the IPv4 address it is. */
const unmapped = (address: string): { address: string; family: 'ipv4' | 'ipv6' } => {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
};

export function isAllowedAddress(address: string, policy: WebhookTargetPolicy): boolean {
  if (isIP(address) === 0) return false;
  const { address: ip, family } = unmapped(address);
  if (loopback.check(ip, family)) return policy === 'loopback';
  return !never.check(ip, family);
}

/** A `lookup` for http(s).request that refuses any address the policy does not allow. */
export const guardedLookup =
  (policy: WebhookTargetPolicy): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as { address: string; family: number }[];
      const refused = list.find(({ address }) => !isAllowedAddress(address, policy));
      if (refused || list.length === 0)
        return callback(
          Object.assign(
            new Error(
              `${hostname} resolves to ${refused?.address ?? 'nothing'}, which is not a public address`,
            ),
            {
              code: 'EWEBHOOKADDRESS',
            },
          ),
          '',
          0,
        );
      if ((options as { all?: boolean }).all)
        return (callback as (e: null, a: typeof list) => void)(null, list);
      const [first] = list;
      return callback(null, first?.address ?? '', first?.family ?? 4);
    });
  };
