import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API server in development (`npm run dev` at the root); its own paths are proxied to it. */
const SERVER = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': SERVER,
      '/docs': SERVER,
      '/health': SERVER,
      '/openapi.json': SERVER,
    },
  },
});
