import { expect } from "vitest";
import { ConfigError, type ConfigIssue } from "../../src/config/index.js";

/** The ConfigError thrown by `fn` (fails the test if it throws nothing or something else). */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

/** The ConfigError an async `fn` rejects with. */
export async function configErrorAsync(fn: () => Promise<unknown>): Promise<ConfigError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

/** `path: message` of each issue, for compact exact assertions. */
export function lines(issues: readonly ConfigIssue[]): string[] {
  return issues.map((i) => `${i.path}: ${i.message}`);
}

/** A minimal valid config object. */
export const MINIMAL = { inputs: ["data"] } as const;
