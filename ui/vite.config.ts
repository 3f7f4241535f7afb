import { defineConfig } from "vite";

// Everything, pdf.js and its worker included, is bundled into dist/: the app loads
// nothing from the network.
export default defineConfig({
  clearScreen: false,
  build: {
    outDir: "dist",
    target: "es2022",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: "es" },
});
