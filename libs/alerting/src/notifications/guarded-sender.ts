import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import type { HttpSender } from './outbox-dispatcher';
import { WebhookTargetPolicy } from './webhook-target';

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Sends webhooks over node:http(s) so the address actually connected to is the one checked:
 * the name is resolved inside the connection, and a forbidden answer fails it (a name that
 * resolved to a public address at creation and to 127.0.0.1 now, DNS rebinding, is refused).
 * Redirects are never followed: a 3xx is a failed delivery like any other non-2xx.
 */
export function guardedSender(policy: WebhookTargetPolicy): HttpSender {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const host = target.hostname.replace(/^\[|\]$/g, '');
      // A literal address is connected to without a lookup, so it is checked here.
      const literalRefusal = isIP(host) ? policy.refuseAddress(host, host) : null;
      if (literalRefusal) return reject(new Error(literalRefusal));
      const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
        target,
        { method: init.method, headers: init.headers, signal: AbortSignal.timeout(init.timeoutMs), lookup: checkedLookup(policy, host) },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(init.body);
    });
}

function checkedLookup(policy: WebhookTargetPolicy, hostname: string): LookupFunction {
  return ((name: string, options: LookupOptions, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(name, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, options.all ? [] : '', undefined);
      const refusal = addresses.map((a) => policy.refuseAddress(hostname, a.address)).find(Boolean);
      if (refusal) return callback(Object.assign(new Error(refusal), { code: 'EFORBIDDEN' }), options.all ? [] : '', undefined);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  });
}
