import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The CLI as README.md and REFERENCE.md show it is the CLI that exists (built dist/: `npm run build`
// first): the commands of README's table are `sweeplab --help`'s, and every flag a documented
// `sweeplab <command> …` line or README's CLI section uses is one that command's --help lists.

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "sweeplab.js");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const reference = readFileSync(join(ROOT, "REFERENCE.md"), "utf8");

function help(...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args, "--help"], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** The commands `sweeplab --help` lists. */
function cliCommands(): string[] {
  const text = help();
  const block = text.slice(text.indexOf("Commands:\n"), text.indexOf("\n\n", text.indexOf("Commands:\n")));
  return [...block.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!);
}

const flagsOf = (text: string): Set<string> => new Set([...text.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]));

/** Each documented command line `sweeplab <command> …` (in code blocks and code spans), with its flags. */
function documentedLines(text: string, commands: string[]): { line: string; command: string }[] {
  const lines: { line: string; command: string }[] = [];
  const re = new RegExp(`(?:npx )?sweeplab (${commands.join("|")})\\b[^\\n\`#]*`, "g");
  for (const m of text.matchAll(re)) lines.push({ line: m[0], command: m[1]! });
  return lines;
}

describe("the CLI in the docs", () => {
  const commands = cliCommands();
  const helps = new Map(commands.map((c) => [c, flagsOf(help(c))]));

  it("README's command table lists exactly the CLI's commands", () => {
    const table = readme.slice(readme.indexOf("| command "), readme.indexOf("\n\n", readme.indexOf("| command ")));
    const documented = [...table.matchAll(/^\| `([a-z]+)`/gm)].map((m) => m[1]!);
    expect(commands.length).toBe(8);
    expect([...documented].sort()).toEqual([...commands].sort());
  });

  it("every flag of a documented sweeplab command line is in that command's --help", () => {
    const unknown: string[] = [];
    const lines = [...documentedLines(readme, commands), ...documentedLines(reference, commands)];
    expect(lines.length).toBeGreaterThan(25);
    for (const { line, command } of lines)
      for (const flag of flagsOf(line))
        if (!helps.get(command)!.has(flag) && flag !== "--help") unknown.push(`${command} ${flag}: ${line}`);
    expect(unknown).toEqual([]);
  });

  it("every flag README's CLI section names is in some command's --help", () => {
    const section = readme.slice(readme.indexOf("\n## The CLI\n"), readme.indexOf("\n## Configuration\n"));
    const all = new Set([...helps.values()].flatMap((s) => [...s]));
    expect([...flagsOf(section)].filter((f) => !all.has(f) && f !== "--help")).toEqual([]);
  });
});
