import { isCalendarDate, SECURITY_CODE_PATTERN } from "../model/fields.js";
import { availableParallelism, totalmem } from "node:os";
import { z } from "zod";
import { DEFAULT_CHUNK_SIZE } from "../io/csv/source.js";
import { DetailFormat } from "../io/outputs/detail-format.js";
import { AnalysisConfig } from "../model/analysis-config.js";
import { BYTE_SIZE_HELP, parseByteSize } from "./bytes.js";
import { allowedText } from "./describe.js";

// The same rule as the readers' `security` field: the code is used as a path component.
const SECURITY_CODE = SECURITY_CODE_PATTERN;

/** The default `memoryBudget`: half of this machine's memory, bytes. */
export function defaultMemoryBudget(): number {
  return Math.floor(totalmem() / 2);
}

/** A whole number given as a number or as digits ("8", "600_000", as CLI flags arrive). */
function wholeNumber(min: number, max?: number) {
  const n = max === undefined ? z.number().int().min(min) : z.number().int().min(min).max(max);
  return z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d[\d_]*\s*$/.test(v) ? Number(v.replaceAll("_", "")) : v),
    n,
  );
}

/** A non-empty path text, described as `allowed` in error messages (a fresh schema each call). */
function pathText(allowed = "a non-empty path") {
  return z.string().min(1).register(allowedText, { allowed });
}

const DateText = z
  .string()
  .refine(isCalendarDate, "expected a calendar date YYYY-MM-DD")
  .register(allowedText, { allowed: "a calendar date YYYY-MM-DD" });

// YAML reads an unquoted numeric code (110621) as a number: take it as its decimal text.
const SecurityCode = z
  .preprocess(
    (v) => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? String(v) : v),
    z.string().regex(SECURITY_CODE, "expected a security code of 1–32 characters A–Z a–z 0–9 . _ -"),
  )
  .register(allowedText, { allowed: "a security code of 1–32 characters A–Z a–z 0–9 . _ -" });

/** An inclusive range of trading dates; either end may be left open. */
const DateRange = z
  .object({
    /** First trading date included, `YYYY-MM-DD` (omit: from the earliest date in the data). */
    from: DateText.optional(),
    /** Last trading date included, `YYYY-MM-DD` (omit: up to the latest date in the data). */
    to: DateText.optional(),
  })
  .strict()
  .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, "expected from ≤ to");

/**
 * One run of the toolkit: what to read, which (security, date) jobs to run, the analysis parameters
 * of every job, and how to run them. The file form is YAML or JSON (see `loadConfigFile`); CLI flags
 * and notebook objects are merged over it (`resolveConfig`) and validated by this schema once.
 * Unknown keys are errors. Relative paths in a config file are resolved against the file's folder.
 */
export const RunConfig = z
  .object({
    /**
     * Where the order, trade and NBBO files are: each entry a file, a folder (searched recursively
     * for `.csv` / `.csv.gz` files, any case) or a glob. At least one. Each file's table is
     * recognised from its header, whatever it is called (`drr_trades.csv` is a trades file); a file
     * found in a folder or by a glob that matches no table is ignored and listed with the reason in
     * the run summary; one named explicitly must be a table (else `unknown_format`). Reference
     * tables found here (ob.csv, par.csv, session.csv by header) fill a `reference` entry left
     * unset when exactly one of that table is found (the summary says so). Every file is read once:
     * by real path (overlapping entries, links; link loops are not followed) and by content (a
     * copy under another name is read once, with a warning naming both). Folders holding
     * `.sweeplab-output.json` and `outputDir` itself are never read.
     */
    inputs: z
      .array(pathText("a non-empty file, folder or glob"))
      .min(1)
      .register(allowedText, { allowed: "a list of at least one file, folder or glob" }),
    /**
     * Reference files, each optional. Every configured one is read before any work: a missing or
     * unusable one is an input error (exit 1) listed with the others.
     */
    reference: z
      .object({
        /** Instruments (`ob.csv`): `DecimalsInPrice` per security (without it: 2 implied decimals). */
        instruments: pathText().optional(),
        /** Participants (`par.csv`): names and types in `by_participant` (without it: empty columns). */
        participants: pathText().optional(),
        /**
         * Market phases per order book (`session.csv`): each book's continuous-session window per
         * trading date (first `OPEN` to the next non-`OPEN` phase after the last `OPEN`), used by
         * its jobs instead of `analysis.session` (without it, or for a book and date without such
         * phases: `analysis.session`).
         */
        sessions: pathText().optional(),
      })
      .strict()
      .optional(),
    /** Security codes to analyse (omit for every security in the data). At least one when given. */
    securities: z
      .array(SecurityCode)
      .min(1)
      .register(allowedText, { allowed: "a list of at least one security code" })
      .optional(),
    /**
     * Trading dates (Australia/Sydney) to analyse: an inclusive range `{ from?, to? }` or a list of
     * `YYYY-MM-DD` dates (omit for every date in the data).
     */
    dates: z
      .union([DateRange, z.array(DateText).min(1)])
      .register(allowedText, {
        allowed: "a range { from?: YYYY-MM-DD, to?: YYYY-MM-DD } or a list of at least one YYYY-MM-DD date",
      })
      .optional(),
    /** The parameters of every analysis job (default: the study's defaults, see `AnalysisConfig`). */
    analysis: AnalysisConfig.prefault({}),
    /**
     * Read chunk size in bytes; also a size text such as "64MB" (binary units). Default 64 MiB. A run
     * clamps it to the reader's limit, 2 GiB − 1 byte (one read call), with a warning.
     */
    chunkSize: z
      .preprocess((v) => (typeof v === "string" ? (parseByteSize(v) ?? v) : v), z.number().int().min(1))
      .register(allowedText, { allowed: BYTE_SIZE_HELP })
      .default(DEFAULT_CHUNK_SIZE),
    /**
     * Worker threads running jobs (default: `os.availableParallelism()` of this machine). A phase never
     * starts more threads than it has tasks; a value above the cores is run, with a warning (the extra
     * threads add memory, not speed).
     */
    workers: wholeNumber(1).default(() => availableParallelism()),
    /**
     * The memory the jobs phase may hold at once, bytes; also a size text such as "1GB" or "512MB"
     * (binary units). Default: half of this machine's memory (`os.totalmem()`). Jobs start while the
     * sum of their estimated peak memory (from their partition's rows) stays within it; a job whose
     * estimate alone is over it runs alone, with a warning naming it. Changes only which jobs run
     * together, never the outputs.
     */
    memoryBudget: z
      .preprocess((v) => (typeof v === "string" ? (parseByteSize(v) ?? v) : v), z.number().int().min(1))
      .register(allowedText, { allowed: BYTE_SIZE_HELP })
      .default(() => defaultMemoryBudget()),
    /** Wall-clock limit of one job attempt, in milliseconds (default 600,000 = 10 minutes). */
    jobTimeoutMs: wholeNumber(1).default(600_000),
    /**
     * Further attempts of a job that threw, timed out, ran out of memory or lost its worker, 0 to 10
     * (default 1). A job that fails with a typed error of the toolkit (its data is at fault:
     * `value_too_large`, `corrupt_piece`, …) is not retried: it fails the same way again.
     */
    retries: wholeNumber(0, 10).default(1),
    /** Output folder; relative to the process's working directory (default "processed_files"). */
    outputDir: z.string().min(1).default("processed_files"),
    /**
     * Fail the run (exit code 1, one `FAILED (strict: true): …` line in the summary) when any row was
     * rejected, any code value was outside the exchange's tables, or any job had a data-quality
     * warning; the run still completes and keeps its outputs (default false: these are counted and
     * reported, bad rows written to rejects, and the run succeeds). See `strictViolations`.
     */
    strict: z.boolean().default(false),
    /**
     * A code value outside the exchange's tables (changereason, orderstatus, ordertype, dealsource,
     * passiveaggressive, exchangeordertype bits): "keep" (default) keeps the row and counts the value
     * per column in the file reports; "reject" rejects the row as `unknown_code`.
     */
    unknownCodes: z.enum(["keep", "reject"]).default("keep"),
    /**
     * How each job writes its per-order and per-sweep detail tables (orders, classified, simulation).
     * `detailFormat`: "parquet" (default: `<table>.parquet`, typed columns that DuckDB, pandas and
     * polars read) or "csv.gz" (the seed's layout: `<table>.csv.gz`). Part of the job fingerprint:
     * changing it recomputes the jobs. The aggregated tables do not depend on it.
     */
    outputs: z
      .object({
        /** "parquet" (default) or "csv.gz". */
        detailFormat: DetailFormat.default("parquet"),
      })
      .strict()
      .prefault({}),
  })
  .strict();
/** A validated run configuration, every default filled in. */
export type RunConfig = z.infer<typeof RunConfig>;

/** What {@link RunConfig} accepts (before defaults): the shape of a config file or an override object. */
export type RunConfigInput = z.input<typeof RunConfig>;
