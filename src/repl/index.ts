// Public API of the REPL front door (`npm run repl`).
export { startRepl, type ReplOptions } from "./start.js";
export { helpText, HIGHLIGHTS, namesByKind } from "./help.js";
