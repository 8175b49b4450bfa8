#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled dist/ (run `npm run build` first).

// Ctrl-C while the CLI's modules load, before any command can answer it: exit 130 with one line, as
// a run cut short does, instead of dying of the signal. Installed first, handed over once loaded.
const starting = () => {
  process.stderr.write("\nsweeplab: interrupted (Ctrl-C) while starting: nothing was done\n");
  process.exit(130);
};
process.on("SIGINT", starting);
const { main } = await import("../dist/cli/main.js");
// A Ctrl-C caught while the modules ran is read at the event loop's next poll: let one pass first,
// or removing the listener would drop it unanswered.
for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
process.off("SIGINT", starting);

process.exitCode = await main(process.argv.slice(2));
