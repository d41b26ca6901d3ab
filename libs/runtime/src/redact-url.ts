/**
 * A URL fit for logs and events: its user-info (`user:password@`) becomes `***@`, so a broker or
 * database URL never shows its credentials but still shows that it has some. Anything that does
 * not parse as a URL is handled the same way, by its text.
 */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/?#]*@/, '//***@');
}
