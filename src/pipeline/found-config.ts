import type { RunConfig } from "../config/index.js";
import { useFoundReference, type UnusedReference } from "../io/inputs/input-reference.js";
import { discoverInputs, type InputListing } from "../io/inputs/inputs.js";

/**
 * The config a run really uses, and what its inputs hold: the inputs discovered by header (each file
 * once, output folders left out), and a reference table found among them filling a `reference`
 * entry the config leaves unset. A run and an aggregation of it both start here, so that the jobs'
 * reference fingerprints agree. Errors: those of `discoverInputs` (an input that finds nothing).
 */
export async function foundConfig(
  given: RunConfig,
): Promise<{ config: RunConfig; inputs: InputListing; unusedReference: UnusedReference[] }> {
  const found = await useFoundReference(
    await discoverInputs(given.inputs, { outputDir: given.outputDir }),
    given.reference,
  );
  return {
    config: found.reference === undefined ? given : { ...given, reference: found.reference },
    inputs: found.listing,
    unusedReference: found.unused,
  };
}
