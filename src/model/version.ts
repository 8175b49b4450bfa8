/**
 * The toolkit's version, equal to `version` in package.json (a test checks it). A job's outputs
 * record the version that wrote them: after an upgrade every job is recomputed, since the analysis
 * code itself may have changed.
 */
export const TOOLKIT_VERSION = "0.1.0";
