import { parse } from "csv-parse/sync";

/**
 * Turns physical lines into CSV records. The common line (no quote character) is split on commas
 * directly; a line with a quote, and any lines a quoted field spans, go through csv-parse so that
 * quoting rules and their errors are the library's, not ours.
 */

/** One CSV record: its fields and where it starts. */
export interface CsvRecord {
  fields: string[];
  /** 1-based physical line of the record's first line. */
  line: number;
  /** Byte offset of the record's first line in its file. */
  offset: number;
  /** The raw text (lines joined by "\n"), for reject reports. */
  raw: string;
}

/** A line that cannot become a record. */
export interface RecordProblem {
  code: "csv_syntax" | "bad_encoding" | "truncated_record";
  message: string;
  line: number;
  offset: number;
  raw: string;
}

export interface RecordSink {
  record(r: CsvRecord): void;
  problem(p: RecordProblem): void;
}

function quoteCount(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n++;
  return n;
}

/** Stateful assembler: feed lines in order with {@link push}, then call {@link end}. */
export class RecordAssembler {
  /** Blank lines seen (not records, not rejects; reported so nothing vanishes unseen). */
  blankLines = 0;
  private line: number;
  private pending: { texts: string[]; line: number; offset: number; quotes: number } | undefined;

  /** `firstLine` = 1-based physical line number of the first line pushed. */
  constructor(
    firstLine: number,
    private readonly sink: RecordSink,
  ) {
    this.line = firstLine;
  }

  /** The physical line number the next pushed line will get. */
  get nextLine(): number {
    return this.line;
  }

  push(text: string, offset: number, badUtf8: boolean): void {
    const line = this.line++;
    if (this.pending !== undefined) {
      this.pending.texts.push(text);
      this.pending.quotes += quoteCount(text);
      if (this.pending.quotes % 2 === 0) this.flushQuoted();
      return;
    }
    if (badUtf8) {
      this.sink.problem({
        code: "bad_encoding",
        message: "row holds bytes that are not valid UTF-8",
        line,
        offset,
        raw: text,
      });
      return;
    }
    if (text.length === 0) {
      this.blankLines++;
      return;
    }
    if (text.indexOf('"') === -1) {
      this.sink.record({ fields: text.split(","), line, offset, raw: text });
      return;
    }
    this.pending = { texts: [text], line, offset, quotes: quoteCount(text) };
    if (this.pending.quotes % 2 === 0) this.flushQuoted();
  }

  /** Flushes a quoted record left open at end of input (it becomes a `csv_syntax` problem). */
  end(): void {
    if (this.pending !== undefined) this.flushQuoted();
  }

  private flushQuoted(): void {
    const p = this.pending;
    if (p === undefined) return;
    this.pending = undefined;
    const raw = p.texts.join("\n");
    try {
      const rows = parse(raw, { relax_column_count: true, record_delimiter: "\n" });
      const fields = rows[0];
      if (rows.length !== 1 || fields === undefined) throw new Error(`expected one record, found ${rows.length}`);
      this.sink.record({ fields, line: p.line, offset: p.offset, raw });
    } catch (e) {
      this.sink.problem({
        code: "csv_syntax",
        message: `bad quoting: ${(e as Error).message}`,
        line: p.line,
        offset: p.offset,
        raw,
      });
    }
  }
}
