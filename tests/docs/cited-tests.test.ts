import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The docs back their claims with test files and test names: `tests/pipeline/stops.test.ts "an input
// moved away mid-run"` in REFERENCE.md, `cli/exits` ("strict: true fails the run") in README.md.
// Every file cited exists and every quoted name is a test in it.

const ROOT = join(import.meta.dirname, "..", "..");

/** The folders of tests/ (`cli`, `pipeline`, …): a code span `<folder>/<name>` cites a test file. */
const TEST_FOLDERS = new Set(
  readdirSync(join(ROOT, "tests"), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== "fixtures")
    .map((e) => e.name),
);

/** [test file, quoted test name or ""] of every citation in `text` (line breaks joined). */
function citations(text: string): [string, string][] {
  const flat = text.replace(/\n\s*/g, " ");
  const out: [string, string][] = [];
  for (const m of flat.matchAll(/(tests\/[\w/-]+\.test\.ts)`?(?:,? "([^"]+)")?/g)) out.push([m[1]!, m[2] ?? ""]);
  // The short form, `pipeline/store-busy`: a mistyped one is a missing file, not skipped.
  for (const m of flat.matchAll(/`([a-z]+)\/([\w-]+)`(?: \("([^"]+)"\))?/g))
    if (TEST_FOLDERS.has(m[1]!)) out.push([`tests/${m[1]}/${m[2]}.test.ts`, m[3] ?? ""]);
  return out;
}

describe("tests cited by README.md and REFERENCE.md", () => {
  it("exist, with the test names quoted", () => {
    const cited = ["README.md", "REFERENCE.md"].flatMap((f) => citations(readFileSync(join(ROOT, f), "utf8")));
    expect(cited.filter(([, name]) => name !== "").length).toBeGreaterThanOrEqual(8);
    const wrong = cited.filter(([file, name]) => {
      if (!existsSync(join(ROOT, file))) return true;
      const source = readFileSync(join(ROOT, file), "utf8").replace(/\n\s*/g, " ");
      return name !== "" && !source.includes(name);
    });
    expect(wrong).toEqual([]);
  });
});
