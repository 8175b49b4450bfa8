import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Every code a user can meet — of the toolkit's typed errors, of a job's failure, of a rejected
// row — is explained, with what to do, in REFERENCE.md's "Error codes" (linked from README's
// troubleshooting). A code added to a union in src/ fails here until it is documented there.

const ROOT = join(import.meta.dirname, "..", "..");
const SRC = join(ROOT, "src");

/** The code unions (`type XErrorCode = "a" | "b"`) and fixed codes (`readonly code = "c"`) in src/. */
function declaredCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const file of readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(join(SRC, file), "utf8").replace(/\/\/.*$/gm, "");
    for (const m of text.matchAll(/export type (\w+(?:Error|Refused|Failure)Code) =([^;]+);/g))
      for (const lit of m[2]!.matchAll(/"([a-z_]+)"/g)) codes.set(lit[1]!, `${file}: ${m[1]}`);
    for (const m of text.matchAll(/readonly code = "([a-z_]+)"/g)) codes.set(m[1]!, file);
  }
  return codes;
}

/** The text of REFERENCE.md's "Error codes" section. */
function errorCodesSection(): string {
  const text = readFileSync(join(ROOT, "REFERENCE.md"), "utf8");
  const start = text.indexOf("\n## Error codes\n");
  expect(start, 'REFERENCE.md has a "## Error codes" section').toBeGreaterThan(0);
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

describe("REFERENCE.md explains every error code", () => {
  it("finds the code unions of src/ (row rejects, file errors, job failures, every error class)", () => {
    const codes = declaredCodes();
    for (const c of ["field_count", "missing_column", "job_timeout", "aggregate_stale_store", "run_locked", "usage"])
      expect(codes.has(c), c).toBe(true);
    expect(codes.size).toBeGreaterThanOrEqual(65);
  });

  it("names each code in its Error codes section, with what to do", () => {
    const section = errorCodesSection();
    const missing = [...declaredCodes()].filter(([code]) => !section.includes(`\`${code}\``));
    expect(missing.map(([code, where]) => `${code} (${where})`)).toEqual([]);
    expect(section).toContain("| code ");
    expect(section).toContain("| what to do ");
  });

  it("is linked from README's troubleshooting", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const troubleshooting = readme.slice(readme.indexOf("\n## Troubleshooting\n"));
    expect(troubleshooting).toContain("(REFERENCE.md#error-codes)");
  });
});
