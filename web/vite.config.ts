/**
 * Vite build of the web app. Run from the repository root:
 *   npx vite build --config web/vite.config.ts
 * The server serves `web/dist` at `/` (SPA fallback) and the API at `/api/v1` on the same origin,
 * so the dev server proxies `/api` to a locally running platform.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Big libraries get their own long-cached chunks; the app code changes far more often. A group also
 * takes in what its modules import, so React is claimed first (highest priority) or it would end up
 * inside the antd chunk.
 */
const vendorGroups: Array<{ name: string; test: RegExp; priority: number }> = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|cookie)[\\/]/, priority: 40 },
  { name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/, priority: 30 },
  {
    name: 'antd',
    test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|dayjs|stylis|@emotion|classnames|throttle-debounce|scroll-into-view-if-needed|compute-scroll-into-view|@babel[\\/]runtime)[\\/]/,
    priority: 20,
  },
];

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // maplibre alone is ~800 kB minified; it is loaded only by the map screen.
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
  server: {
    proxy: {
      // A platform started with `npm run dev` listens on 8080; ZC_DEV_API points elsewhere.
      '/api': { target: process.env.ZC_DEV_API ?? 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
