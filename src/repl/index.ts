// Public API of the REPL front door (`npm run repl`).
export { replSession, startRepl, type ReplOptions } from "./start.js";
export { feedInOrder, thrownReport, type ThrownAt } from "./piped-input.js";
export { EXAMPLES, helpText, HIGHLIGHTS, namesByKind } from "./help.js";
export { defaultPlotDir, writePlotFile } from "./plot-file.js";
export { replTarget, shownText } from "./target.js";
export { foldForInspect, replValueText } from "./writer.js";
