/**
 * The console's files: the browser app built by Vite into dist/web. Hashed assets are cached for a
 * year (a new build has new names); `index.html` is revalidated every time and answers every
 * client-side route, so a link to `/tickets/ACME-42` opens the app there. Every answer carries a
 * strict Content-Security-Policy: scripts, styles and connections of this origin only, no inline
 * script, no frames.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { OpsdeskError } from '../../core/errors.ts';

/** The project's root (where package.json is), in the sources and in the compiled build alike. */
const ROOT = dirname(fileURLToPath(new URL('../../package.json', import.meta.url)));
export const CONSOLE_DIR = join(ROOT, 'dist', 'web');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Paths that belong to the server's other routes: never answered with the app. */
const SERVER_PATHS = /^\/(graphql|auth|hooks|slack|socket\.io|healthz|readyz|metrics|\.well-known|assets)(\/|$)/;

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'same-origin');
  res.setHeader('x-frame-options', 'DENY');
  next();
}

export function mountConsole(app: Express, dir: string = CONSOLE_DIR): void {
  const indexFile = join(dir, 'index.html');
  app.use('/assets', securityHeaders, express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  app.get(/.*/, (req, res, next) => {
    // Only a browser's navigation (it asks for HTML by name); API clients keep the JSON 404.
    if (SERVER_PATHS.test(req.path) || !req.headers.accept?.includes('text/html')) return next();
    // Read on each request: a rebuild (development) is served without a restart; the file is small.
    if (!existsSync(indexFile)) {
      next(new OpsdeskError('UNAVAILABLE', 'the web console is not built: run npm run build'));
      return;
    }
    securityHeaders(req, res, () => {
      res.setHeader('cache-control', 'no-cache');
      res.type('html').send(readFileSync(indexFile));
    });
  });
}
