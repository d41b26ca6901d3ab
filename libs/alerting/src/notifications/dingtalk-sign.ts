import { createHmac } from 'node:crypto';

/**
 * DingTalk robot signing ("加签"): HMAC-SHA256 over `${timestamp}\n${secret}` keyed by the
 * secret, base64, URL-encoded; sent as `&timestamp=…&sign=…` on the robot URL.
 */
export function dingTalkSignature(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function signedDingTalkUrl(url: string, timestampMs: number, secret: string): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}timestamp=${timestampMs}&sign=${encodeURIComponent(dingTalkSignature(timestampMs, secret))}`;
}
