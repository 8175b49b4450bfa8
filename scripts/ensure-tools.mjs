// node scripts/ensure-tools.mjs jupyter [chromium] — checks the system tools the notebook and
// browser tests need; installs the missing ones with apt-get when root, otherwise exits 1 naming
// exactly the Debian packages to install.
import { TOOLS, ensureTools } from "./notebook-env.mjs";

const names = process.argv.slice(2);
const unknown = names.filter((n) => !(n in TOOLS));
if (names.length === 0 || unknown.length > 0) {
  process.stderr.write(`usage: node scripts/ensure-tools.mjs ${Object.keys(TOOLS).join(" | ")} …\n`);
  process.exit(2);
}
const problem = ensureTools(names);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
