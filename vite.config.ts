import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The renderer only: the same build is loaded by Electron (app://oomus/) and served by `npm run serve`.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [vue()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No inline scripts or module-preload polyfill: the CSP allows the app's own files only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
