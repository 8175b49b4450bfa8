// The one-line message of a typed toolkit error: in src/pipeline since the notebook layer shortens the
// same errors (`setDebug`), and the CLI prints it.
export { errorLine } from "../pipeline/error-line.js";
