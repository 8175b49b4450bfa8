import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

// Every relative link between the repository's markdown files reaches a file that exists and, with
// a #fragment, a heading of that file (GitHub's anchors: lower case, punctuation dropped, spaces → -).

const ROOT = join(import.meta.dirname, "..", "..");

const withoutCode = (text: string): string => text.replace(/```[\s\S]*?```/g, "");

/** GitHub's anchor of a heading's text. */
const slug = (heading: string): string =>
  heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/`/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutCode(readFileSync(file, "utf8")).matchAll(/^#{1,6}\s+(.*)$/gm)) {
    const s = slug(m[1]!);
    const n = seen.get(s) ?? 0;
    seen.set(s, n + 1);
    anchors.add(n === 0 ? s : `${s}-${n}`);
  }
  return anchors;
}

describe("links between the markdown files", () => {
  const files = execFileSync("git", ["ls-files", "*.md"], { cwd: ROOT, encoding: "utf8" }).trim().split("\n");

  it("reach an existing file and heading", () => {
    expect(files).toContain("README.md");
    expect(files).toContain("REFERENCE.md");
    const broken: string[] = [];
    let links = 0;
    for (const f of files) {
      for (const m of withoutCode(readFileSync(join(ROOT, f), "utf8")).matchAll(/\]\(([^)\s]+)\)/g)) {
        const link = m[1]!;
        if (/^[a-z]+:/.test(link)) continue;
        links++;
        const [path = "", fragment] = link.split("#");
        const target = path === "" ? join(ROOT, f) : join(ROOT, dirname(f), path);
        if (!existsSync(target)) broken.push(`${f}: ${link} (no such file)`);
        else if (fragment !== undefined && target.endsWith(".md") && !anchorsOf(target).has(fragment))
          broken.push(`${f}: ${link} (no such heading)`);
      }
    }
    expect(links).toBeGreaterThan(40);
    expect(broken).toEqual([]);
  });
});
