import { foundConfig } from "../pipeline/found-config.js";
import { configOf } from "./source.js";

/** A reference table a reader or chart helper looks up in its source. */
export type ReferenceKind = "instruments" | "participants";

/**
 * The `kind` reference file of a source, as its run used it: a `RunResult`'s `config.reference`
 * (which records the file its run found among the inputs), a config's own `reference` entry, or —
 * a config naming none — the one among its inputs, found as `run` finds it (`foundConfig`), so that
 * `aggregate(config)` names the participants and `securityNames(config)` the securities as given
 * the run's result. Undefined when there is none. Throws what input discovery throws for an input
 * that is gone (`InputErrors`), a config object that is none (`ConfigError`).
 */
export async function referenceFileOf(source: unknown, kind: ReferenceKind): Promise<string | undefined> {
  if (typeof source !== "object" || source === null) return undefined;
  type WithReference = { reference?: Partial<Record<ReferenceKind, string | undefined>> | undefined };
  const own = (o: unknown): string | undefined =>
    typeof o === "object" && o !== null ? (o as WithReference).reference?.[kind] : undefined;
  if ("config" in source) return own(source.config);
  const named = own(source);
  if (named !== undefined) return named;
  const config = configOf(source);
  return config === undefined ? undefined : (await foundConfig(config)).config.reference?.[kind];
}
