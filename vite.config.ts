// Vite builds the live screens' client bundles (src/web/*.tsx entries) into dist/web/, hashed,
// with a manifest the server reads (src/http/pages/web-bundles.ts). Vite 8 compiles TSX itself
// (Oxc), so no React plugin is needed: JSX uses React's automatic runtime, as tsconfig says.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    manifest: true,
    // Pages load the entry with <script type="module">; no index.html, no preload polyfill.
    modulePreload: { polyfill: false },
    target: 'es2022',
    rolldownOptions: {
      input: { console: 'src/web/console.tsx', member: 'src/web/member.tsx', public: 'src/web/public.tsx' },
    },
  },
});
