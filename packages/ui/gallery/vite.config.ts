import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The component gallery: `npm run gallery -w packages/ui` (dev server) or `gallery:build`
 * (static files in packages/ui/dist/gallery, relative URLs, so any static server can host them).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/gallery', import.meta.url)),
    emptyOutDir: true,
    // A catalogue of every component in one page, for developers: not the app's bundle budget.
    chunkSizeWarningLimit: 1000,
  },
});
