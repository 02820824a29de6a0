// The Content-Security-Policy of the popup page, the same whether Electron or the headless server serves it.

/**
 * Only the app's own scripts, styles, images and fonts; no inline script, no eval, no other origin, no plugins,
 * no framing, no form posts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
