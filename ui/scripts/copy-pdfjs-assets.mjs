// pdf.js loads CMaps, standard fonts, image decoders and colour profiles by URL (for PDFs that do not embed their
// fonts, common in Chinese gazettes); ship them inside dist/ so no network is needed.
import { cpSync } from "node:fs";

for (const dir of ["cmaps", "standard_fonts", "wasm", "iccs"]) {
  cpSync(`node_modules/pdfjs-dist/${dir}`, `dist/pdfjs/${dir}`, { recursive: true });
}
