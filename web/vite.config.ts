import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web console: `vite build` (from scripts/build.mjs, or `npm run build:web`) writes dist/web/,
// which doors/web serves: assets/ with hashed names (immutable), index.html for every route.
// `npx vite web` runs it in development against an opsdesk at :4000 through the proxy below.
const target = process.env.OPSDESK_URL ?? 'http://localhost:4000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // The CSP allows no inline script; Vite's module-preload polyfill goes into the entry chunk
    // anyway, and every supported browser preloads modules natively.
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/graphql': { target, ws: true, changeOrigin: false },
      '/auth': { target, changeOrigin: false },
      '/socket.io': { target, ws: true, changeOrigin: false },
      '/.well-known': { target, changeOrigin: false },
    },
  },
});
