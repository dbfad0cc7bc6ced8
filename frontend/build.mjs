// Builds jigsaw/static/dist from the npm packages. Run: npm ci && npm run build
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";

const out = "../jigsaw/static/dist";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
execFileSync("node_modules/.bin/sass", [
  "--pkg-importer=node", "--style=compressed", "--no-source-map",
  "--quiet-deps", "src/app.scss", `${out}/app.css`,
], { stdio: "inherit" });
const gf = "node_modules/govuk-frontend/dist/govuk";
cpSync(`${gf}/govuk-frontend.min.js`, `${out}/govuk-frontend.min.js`);
cpSync(`${gf}/assets`, `${out}/assets`, { recursive: true });
const moj = "node_modules/@ministryofjustice/frontend/moj";
cpSync(`${moj}/moj-frontend.min.css`, `${out}/moj-frontend.min.css`);
cpSync(`${moj}/moj-frontend.min.js`, `${out}/moj-frontend.min.js`);
const aa = "node_modules/accessible-autocomplete/dist";
cpSync(`${aa}/accessible-autocomplete.min.js`, `${out}/accessible-autocomplete.min.js`);
cpSync(`${aa}/accessible-autocomplete.min.css`, `${out}/accessible-autocomplete.min.css`);
console.log("built", out);
