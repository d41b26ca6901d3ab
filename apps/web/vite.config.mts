import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The dashboard's build. Vite 8 compiles TSX itself (oxc), so no React plugin is needed; the output
 * goes to dist/web, which the central server serves at `/`. No inline scripts and no eval, so the
 * page runs under the server's Content-Security-Policy (`script-src 'self'`). `npm run build:web` sets
 * NODE_ENV=production: a build started from a test runner (which sets NODE_ENV=test) would
 * otherwise ship React's and Ant Design's development code and warnings.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/web'),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // antd and its icons mark modules "use client" (a React Server Components hint): meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
