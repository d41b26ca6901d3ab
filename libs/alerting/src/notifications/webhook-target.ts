import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may go. A webhook is a request the server makes on an admin's behalf, so it
 * must not reach what only the server can reach (SSRF): loopback, private, link-local (cloud
 * metadata at 169.254.169.254), CGNAT, and their IPv6 counterparts are refused unless the
 * admin allow-list (`WEBHOOK_ALLOW_HOSTS`) names the host.
 */
const FORBIDDEN = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 3], // multicast, reserved, broadcast
] as const) {
  FORBIDDEN.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  FORBIDDEN.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address is one a webhook must not reach. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return FORBIDDEN.check(address, 'ipv4');
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  // IPv4 wrapped in IPv6 (::ffff:10.0.0.1, ::ffff:a00:1, NAT64 64:ff9b::/96) is judged as IPv4.
  const embedded = embeddedIpv4(lower);
  if (embedded) return FORBIDDEN.check(embedded, 'ipv4');
  return FORBIDDEN.check(lower, 'ipv6');
}

function embeddedIpv4(address: string): string | null {
  const match = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(address);
  if (!match) return null;
  if (match[1]) return match[1];
  const high = parseInt(match[2], 16);
  const low = parseInt(match[3], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** The hosts an admin allowed although they are loopback or private (lower case, no brackets). */
export class WebhookTargetPolicy {
  private readonly allowed: Set<string>;

  constructor(allowHosts: string[]) {
    this.allowed = new Set(allowHosts.map(normalHost));
  }

  isAllowedHost(hostname: string): boolean {
    return this.allowed.has(normalHost(hostname));
  }

  /** Why a resolved address may not be used for `hostname`; null when it may. */
  refuseAddress(hostname: string, address: string): string | null {
    if (this.isAllowedHost(hostname) || this.allowed.has(normalHost(address))) return null;
    return isForbiddenAddress(address) ? `webhook target ${hostname} resolves to a forbidden address (${address})` : null;
  }

  /**
   * Why a webhook URL is refused at creation; null when it is accepted. A name is resolved now
   * too; one that does not resolve yet is accepted and checked again at every send.
   */
  async refuseUrl(url: string): Promise<string | null> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'not a URL';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'only http and https';
    if (parsed.username || parsed.password) return 'credentials in the URL are not allowed';
    const host = normalHost(parsed.hostname);
    if (this.isAllowedHost(host)) return null;
    if (isIP(host)) return this.refuseAddress(host, host);
    if (host === 'localhost' || host.endsWith('.localhost')) return `webhook target ${host} is loopback`;
    try {
      const addresses = await lookup(host, { all: true, verbatim: true });
      for (const { address } of addresses) {
        const refusal = this.refuseAddress(host, address);
        if (refusal) return refusal;
      }
    } catch {
      // Not resolvable from here now: the send-time check decides.
    }
    return null;
  }
}

function normalHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, '');
}
