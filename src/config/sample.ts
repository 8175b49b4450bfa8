import { fileURLToPath } from "node:url";

/**
 * Absolute path of `sample_data/sweeplab.yaml`, the default run over the shipped sample data (the same
 * from `src/config/` and the compiled `dist/config/`). Load it with `loadConfigFile(SAMPLE_CONFIG_PATH)`.
 */
export const SAMPLE_CONFIG_PATH = fileURLToPath(new URL("../../sample_data/sweeplab.yaml", import.meta.url));
