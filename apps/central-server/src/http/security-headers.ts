import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy of every response. The dashboard and the API docs page load
 * scripts, styles, fonts and data only from this server; inline styles are allowed because the
 * component library sets them at run time. Kept as one literal so it reads as it is sent.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/**
 * Security headers (helmet: nosniff, no-referrer, frame denial, HSTS, cross-origin policies)
 * without `X-Powered-By`, plus the CSP above. helmet is the maintained Express middleware for
 * this; its own CSP builder is not used because it joins directives without spaces.
 */
export function securityHeaders(): RequestHandler[] {
  return [
    helmet({ contentSecurityPolicy: false, frameguard: { action: 'deny' } }),
    (_req, res, next) => {
      res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      next();
    },
  ];
}
