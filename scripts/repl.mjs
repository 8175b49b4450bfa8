// npm run repl (also `sweeplab repl`) — a Node REPL with the built toolkit (dist/) preloaded,
// top-level await, and a `.sweeplab` command listing its functions. A script piped in runs statement
// by statement, in order; the exit code is 1 when one of its statements threw.
import { requireBuild } from "./notebook-env.mjs";

requireBuild();
const { replSession } = await import("../dist/repl/index.js");
replSession().then((code) => (process.exitCode = code));
