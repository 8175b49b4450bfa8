import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/*
 * The SIMD lane of the fast ingest path: whole blocks of lines parsed by WebAssembly (wasm/rows.ts,
 * built to dist/wasm/rows.wasm by `npm run build`), one thread-wide instance, so that FastRowParser
 * only copies each accepted line's kept values into the batch. Measured on the hot path: the
 * JavaScript parser reads ≈ 370 MB/s of order rows in place; this lane's two passes (separators
 * indexed 16 bytes at a time, then fields between known bounds) ≈ 690 MB/s before the copy (README,
 * Performance). A line the kernel does not accept — or any line when the kernel is not built —
 * goes through FastRowParser.parse as before, and from there to csv-parse when that declines too.
 *
 * Measured factor over the JavaScript fast path it sits in front of (issue 15, point 6: `node
 * bench/codecs.mjs --only lane`, the one-thread scan with the lane vs SWEEPLAB_NO_WASM=1, each run
 * in a fresh worker thread of one process, alternating, best of 9, 3 rounds, load average 4 on the
 * shared 2-core machine; bench/README.md): 1.10–1.12× at 1M order rows, 0.99–1.05× at 0.3M — under
 * issue 15's 1.3×: the scan runs ≈ 225–280 MB/s with or without it, parsing no longer being most
 * of its time. Recorded for removal (back to the JavaScript fast path), not removed here.
 */

// The global WebAssembly object, typed for what this module uses: the project's ES library types
// have none, and lib.dom would bring in far more.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
};

/** Bytes of one block: at most this much of a chunk is parsed at a time (start fields are 20-bit). */
export const BLOCK_BYTES = 1 << 20;
/** Set on a plan entry whose value the kernel stores (security codes and dates are always stored). */
export const KEEP_BIT = 0x80;
/** Lines of one block at most. */
const BLOCK_ROWS = 8192;
/** Fields of a line at most for this lane (wider files take the JavaScript parser). */
export const BLOCK_FIELDS = 64;

// The layout of the kernel's memory (20 MiB, fixed: views never detach; ≈ 18 MiB used). The first 64 KiB are the
// kernel's own.
const IN = 65536;
const SEPS = IN + BLOCK_BYTES + 64;
const BADS = SEPS + 4 * BLOCK_BYTES + 64;
const LFS = BADS + 4 * BLOCK_BYTES + 64;
const PLAN = LFS + 4 * BLOCK_BYTES + 64;
const CODES = PLAN + BLOCK_FIELDS;
const LINES = CODES + 256 * BLOCK_FIELDS;
const SLOTS = LINES + 12 * BLOCK_ROWS;
const MEMORY_END = SLOTS + 8 * BLOCK_FIELDS * BLOCK_ROWS;

type ParseBlock = (
  buf: number,
  len: number,
  n: number,
  plan: number,
  codes: number,
  seps: number,
  bads: number,
  lfs: number,
  lines: number,
  slots: number,
  maxRows: number,
  known: number,
  nsMin: bigint,
  nsMax: bigint,
) => number;

interface Kernel {
  parseBlock: ParseBlock;
  bytes: Uint8Array;
  i32: Int32Array;
  u32: Uint32Array;
  f64: Float64Array;
  /** The parser whose plan and block are in memory now. */
  owner: unknown;
}

/**
 * The built kernel, beside this module once compiled (dist/io/csv → dist/wasm) or, when this module
 * runs from src (the tests), in dist; undefined when not built.
 */
function kernelPath(): string | undefined {
  for (const rel of ["../../wasm/rows.wasm", "../../../dist/wasm/rows.wasm"]) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

let kernel: Kernel | null | undefined;

/** SWEEPLAB_NO_WASM=1, read once at load: the lane is off (silently), to measure the JavaScript path. */
const LANE_OFF = process.env.SWEEPLAB_NO_WASM === "1";

/**
 * This thread's kernel instance, made on first use; undefined when there is no built kernel, or
 * when it cannot run here (no WebAssembly, as under `node --jitless`; no SIMD; a damaged file): then
 * a warning says so once and every line takes the JavaScript parser.
 */
function loadKernel(): Kernel | undefined {
  if (kernel === undefined) {
    const path = kernelPath();
    kernel = null;
    if (path !== undefined && !LANE_OFF) {
      try {
        kernel = instantiate(path);
      } catch (e) {
        process.emitWarning(
          `the WebAssembly ingest lane is off, rows are parsed in JavaScript instead (${String(e)})`,
          "SweeplabWarning",
        );
      }
    }
  }
  return kernel ?? undefined;
}

function instantiate(path: string): Kernel {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), {
    env: {
      abort: () => {
        throw new Error("rows.wasm: abort");
      },
    },
  });
  const memory = instance.exports.memory as { buffer: ArrayBuffer };
  if (memory.buffer.byteLength < MEMORY_END) throw new Error(`${path}: memory smaller than its layout`);
  return {
    parseBlock: instance.exports.parseBlock as ParseBlock,
    bytes: new Uint8Array(memory.buffer),
    i32: new Int32Array(memory.buffer),
    u32: new Uint32Array(memory.buffer),
    f64: new Float64Array(memory.buffer),
    owner: undefined,
  };
}

/** True when the kernel is built and loads (the lane is then used on little-endian machines). */
export function blockLaneAvailable(): boolean {
  return loadKernel() !== undefined;
}

/** Bits of a text slot's low word that hold the field's start in the block (the rest: its length). */
const START_BITS = 20;
const START_MASK = (1 << START_BITS) - 1;

/**
 * A line the kernel parsed, read field by field (f: the field's index in the file). Only the fields
 * the plan keeps hold a value, and security codes and dates always; the slot layout is wasm/rows.ts's.
 */
export class BlockLine {
  /** Index of the line's first slot in `f64` (its low word is at twice that in `u32`). */
  slot = 0;
  /** The chunk the line's text fields point into, and the block's start in it. */
  chunk: Buffer = Buffer.alloc(0);
  base = 0;

  constructor(
    private readonly f64: Float64Array,
    private readonly u32: Uint32Array,
  ) {}

  /** A number field's value. */
  num(f: number): number {
    return this.f64[this.slot + f] as number;
  }

  /** The low and high 32 bits of an id or time field. */
  lo(f: number): number {
    return this.u32[2 * (this.slot + f)] as number;
  }

  hi(f: number): number {
    return this.u32[2 * (this.slot + f) + 1] as number;
  }

  /** Where a text, security or date field starts and ends in `chunk`. */
  textFrom(f: number): number {
    return this.base + ((this.u32[2 * (this.slot + f)] as number) & START_MASK);
  }

  textTo(f: number): number {
    const packed = this.u32[2 * (this.slot + f)] as number;
    return this.base + (packed & START_MASK) + (packed >>> START_BITS);
  }

  /** The FNV-1a hash of a security or date field's bytes (what FastRowParser interns by). */
  hash(f: number): number {
    return this.u32[2 * (this.slot + f) + 1] as number;
  }
}

/**
 * One parser's view of the kernel: its field plan (FastRowParser's kinds and code tables), the
 * chunk being read, and the current block's lines. `find` answers, line by line in order, whether
 * the kernel parsed a line, running the next block when a line lies past the current one.
 */
export class BlockLane {
  private readonly k: Kernel;
  private chunk: Buffer | undefined;
  private chunkEnd = 0;
  private base = 0;
  private blockEnd = 0;
  private rows = 0;
  private cursor = 0;
  private readonly line: BlockLine;

  private constructor(
    k: Kernel,
    private readonly plan: Uint8Array,
    private readonly codes: Uint8Array,
    private readonly known: number,
    private readonly nsMin: bigint,
    private readonly nsMax: bigint,
  ) {
    this.k = k;
    this.line = new BlockLine(k.f64, k.u32);
  }

  /**
   * A lane for this plan (one kind per field, the numbering of fast-plan.ts, with {@link KEEP_BIT}
   * set on the fields whose values are copied out; a 256-byte code table per field), or undefined
   * when the kernel is not built or the file is too wide for it.
   */
  static create(
    plan: Uint8Array,
    codes: Uint8Array,
    known: number,
    nsMin: bigint,
    nsMax: bigint,
  ): BlockLane | undefined {
    const k = loadKernel();
    if (k === undefined || plan.length > BLOCK_FIELDS || plan.length < 2) return undefined;
    return new BlockLane(k, plan, codes, known, nsMin, nsMax);
  }

  /** A new chunk: its lines from `from` on may be parsed in blocks. */
  prepare(chunk: Buffer, from: number): void {
    this.chunk = chunk;
    this.chunkEnd = chunk.length;
    this.base = from;
    this.blockEnd = from;
    this.rows = 0;
    this.cursor = 0;
  }

  /** The parsed line `buf[start, end)`, or undefined when the kernel did not parse it (or never saw it). */
  find(buf: Buffer, start: number, end: number): BlockLine | undefined {
    if (buf !== this.chunk) return undefined;
    // The reader splits a chunk's lines in one synchronous call, so another lane cannot run a block
    // between two lines of this chunk today; if a caller ever interleaves, the block is run again.
    if (this.k.owner !== this || start >= this.blockEnd) {
      if (!this.run(start)) return undefined;
    }
    const i32 = this.k.i32;
    const at0 = LINES >> 2;
    const rel = start - this.base;
    while (this.cursor < this.rows && (i32[at0 + 3 * this.cursor] as number) < rel) this.cursor++;
    if (this.cursor >= this.rows) return undefined;
    const at = at0 + 3 * this.cursor;
    if (i32[at] !== rel || i32[at + 1] !== end - this.base || i32[at + 2] !== 1) return undefined;
    this.line.slot = (SLOTS >> 3) + this.plan.length * this.cursor;
    this.line.chunk = buf;
    this.line.base = this.base;
    this.cursor++;
    return this.line;
  }

  /** Parses the block of whole lines that starts at `start`; false when there is none (a line longer than a block). */
  private run(start: number): boolean {
    const chunk = this.chunk as Buffer;
    if (start >= this.chunkEnd) return false;
    const lf = chunk.lastIndexOf(10, Math.min(this.chunkEnd, start + BLOCK_BYTES) - 1);
    if (lf < start) return false;
    const k = this.k;
    if (k.owner !== this) {
      k.bytes.set(this.plan, PLAN);
      k.bytes.set(this.codes, CODES);
      k.owner = this;
    }
    k.bytes.set(chunk.subarray(start, lf + 1), IN);
    const n = this.plan.length;
    this.rows = k.parseBlock(
      IN,
      lf + 1 - start,
      n,
      PLAN,
      CODES,
      SEPS,
      BADS,
      LFS,
      LINES,
      SLOTS,
      BLOCK_ROWS,
      this.known,
      this.nsMin,
      this.nsMax,
    );
    this.base = start;
    this.cursor = 0;
    this.blockEnd = this.rows === 0 ? start : start + (k.i32[(LINES >> 2) + 3 * (this.rows - 1) + 1] as number) + 1;
    return this.rows > 0;
  }
}
