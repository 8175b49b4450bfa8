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
  code: "csv_syntax" | "bad_encoding" | "truncated_record" | "line_too_long";
  message: string;
  line: number;
  offset: number;
  raw: string;
}

/** Where {@link RecordAssembler} sends records and problems, in file order. */
export interface RecordSink {
  record(r: CsvRecord): void;
  problem(p: RecordProblem): void;
}

/** A physical line as the assembler sees it. */
interface Line {
  text: string;
  offset: number;
  line: number;
  /** Not valid UTF-8, or holds a NUL byte. */
  bad: boolean;
}

/**
 * A quoted record may span at most this many lines and characters; past that its first line is
 * rejected as an unterminated quote and the lines after it are read again as rows of their own, so
 * one stray quote cannot swallow (and hold in memory) the rest of a huge file.
 */
const MAX_QUOTED_LINES = 1000;
const MAX_QUOTED_CHARS = 1024 * 1024;

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
  private pending: { lines: Line[]; chars: number; quotes: number } | undefined;

  /**
   * `firstLine` = 1-based physical line number of the first line pushed; `fieldCount`, the header's
   * number of fields: a quoted record spanning lines that does not parse into that many fields was
   * opened by a stray quote and closed by another one further down, so it is given up (its first
   * line rejected, the lines after it read again as rows of their own) instead of swallowing the
   * good rows in between into one reject.
   */
  constructor(
    firstLine: number,
    private readonly sink: RecordSink,
    private readonly fieldCount?: number,
  ) {
    this.line = firstLine;
  }

  /** True while a quoted record is open: the next lines belong to it. */
  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Counts a line consumed elsewhere (a row the fast path parsed), keeping line numbers right. */
  skipLine(): void {
    this.line++;
  }

  /** The physical line number the next pushed line will get. */
  get nextLine(): number {
    return this.line;
  }

  /**
   * Takes the next physical line. Problems: `bad_encoding` (not UTF-8, or a NUL byte),
   * `line_too_long` (`overlong`: longer than MAX_LINE_BYTES, `text` is its head), `csv_syntax`.
   */
  push(text: string, offset: number, badUtf8: boolean, overlong = false): void {
    const line = this.line++;
    if (overlong) {
      // Not part of any record: an open quoted record ends before it, unterminated.
      this.end();
      this.sink.problem({
        code: "line_too_long",
        message: "line is longer than 1 MiB (binary data, or line ends that are not LF/CRLF?)",
        line,
        offset,
        raw: text,
      });
      return;
    }
    this.take({ text, offset, line, bad: badUtf8 || text.includes("\0") });
  }

  /**
   * Ends the input (or the lines before an overlong one). A quoted record left open is given up as
   * one past the limits is: its first line becomes a `csv_syntax` problem and the lines after it are
   * read again as rows of their own, so a stray quote near the end of a file costs one row, not all
   * the rows after it.
   */
  end(): void {
    while (this.pending !== undefined) this.giveUp(this.pending.lines, "before the end of the input");
  }

  private take(l: Line): void {
    const p = this.pending;
    if (p !== undefined) {
      p.lines.push(l);
      p.chars += l.text.length + 1;
      p.quotes += quoteCount(l.text);
      if (p.quotes % 2 === 0) this.flushQuoted();
      else if (p.lines.length >= MAX_QUOTED_LINES || p.chars > MAX_QUOTED_CHARS)
        this.giveUp(p.lines, `within ${MAX_QUOTED_LINES} lines or 1 MiB`);
      return;
    }
    if (l.bad) {
      this.badEncoding(l.line, l.offset, l.text);
      return;
    }
    // Blank: empty or only whitespace (as before the header), never a row of one empty field.
    if (l.text.length === 0 || (l.text.charCodeAt(0) <= 32 && l.text.trim() === "")) {
      this.blankLines++;
      return;
    }
    if (l.text.indexOf('"') === -1) {
      this.sink.record({ fields: l.text.split(","), line: l.line, offset: l.offset, raw: l.text });
      return;
    }
    this.pending = { lines: [l], chars: l.text.length, quotes: quoteCount(l.text) };
    if (this.pending.quotes % 2 === 0) this.flushQuoted();
  }

  /** An open quote never closed (`where`: within what): reject its line, read the others again. */
  private giveUp(lines: Line[], where: string): void {
    this.pending = undefined;
    const [first, ...rest] = lines as [Line, ...Line[]];
    this.sink.problem({
      code: "csv_syntax",
      message: `bad quoting: a quote opened here is not closed ${where}`,
      line: first.line,
      offset: first.offset,
      raw: first.text,
    });
    for (const l of rest) this.take(l);
  }

  private badEncoding(line: number, offset: number, raw: string): void {
    this.sink.problem({
      code: "bad_encoding",
      message: raw.includes("\0")
        ? "row holds NUL bytes (a zero-filled region?)"
        : "row holds bytes that are not valid UTF-8",
      line,
      offset,
      raw,
    });
  }

  private flushQuoted(): void {
    const p = this.pending;
    if (p === undefined) return;
    this.pending = undefined;
    const first = p.lines[0] as Line;
    const raw = p.lines.map((l) => l.text).join("\n");
    if (p.lines.some((l) => l.bad)) {
      this.badEncoding(first.line, first.offset, raw);
      return;
    }
    let fields: string[] | undefined;
    let error: string | undefined;
    try {
      const rows = parse(raw, { relax_column_count: true, record_delimiter: "\n" });
      fields = rows[0];
      if (rows.length !== 1 || fields === undefined) error = `expected one record, found ${rows.length}`;
    } catch (e) {
      error = (e as Error).message;
    }
    if (
      p.lines.length > 1 &&
      (error !== undefined || (this.fieldCount !== undefined && fields?.length !== this.fieldCount))
    ) {
      const what =
        error === undefined
          ? `makes a record of ${fields?.length ?? 0} fields, not ${this.fieldCount ?? 0}`
          : `does not make one record: ${error}`;
      this.giveUp(p.lines, `as a record (with the quote ${p.lines.length - 1} line(s) down it ${what})`);
      return;
    }
    if (error !== undefined || fields === undefined)
      this.sink.problem({
        code: "csv_syntax",
        message: `bad quoting: ${error ?? "no record"}`,
        line: first.line,
        offset: first.offset,
        raw,
      });
    else this.sink.record({ fields, line: first.line, offset: first.offset, raw });
  }
}
