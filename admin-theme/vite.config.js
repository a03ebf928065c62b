import { defineConfig } from "vite";

// The theme's resources: Keycloak finds the entry script through .vite/manifest.json (as for keycloak.v2).
const OUT = "target/classes/theme/tokenbroker/admin/resources";

export default defineConfig({
  base: "",
  // Plain esbuild JSX: no React plugin needed for a production build.
  esbuild: { jsx: "automatic" },
  resolve: {
    // keycloak.v2's page maps react and react-dom to Keycloak's own copies (an import map);
    // react-dom/client is the same module there.
    alias: { "react-dom/client": "react-dom" },
    dedupe: ["react", "react-dom", "react-router-dom", "react-i18next"],
  },
  build: {
    outDir: OUT,
    emptyOutDir: true,
    manifest: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 12000,
    rollupOptions: {
      input: "src/main.tsx",
      external: ["react", "react/jsx-runtime", "react-dom"],
      // react-router marks its modules "use client" (for server components); meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
