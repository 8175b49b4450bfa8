import { baseLayout, byText, orNull, seriesColor, type Figure, type Trace } from "./figure.js";
import { participantLabel, securityLabel, type SecurityNames } from "./labels.js";

/** One row of `time_series_analysis`: a (date, security, participant) with sweeps, and its trend. */
export interface SeriesRow {
  /** Sydney trading date, `YYYY-MM-DD`. */
  date: string;
  securityCode: string;
  participantId: number;
  sweeps: number;
  qty: number;
  realFilled: number;
  /** real filled / qty of this date, 0..1; undefined when qty is 0. */
  realFillRatio: number | undefined;
  /** Σ real filled / Σ qty over the series' last ≤ window dates with sweeps (the table's trend); undefined: no qty. */
  rollingRealFillRatio: number | undefined;
}

/** Options of {@link timeSeriesFigure}. */
export interface TimeSeriesOptions {
  /**
   * `participant` (default): one series per (security, participant), the table's own rolling trend;
   * `security`: one series per security, its participants' sweeps summed per date and the rolling
   * trend recomputed over those sums by the table's rule (Σ filled / Σ qty over the last ≤ `window`
   * dates with sweeps).
   */
  by?: "participant" | "security";
  /** Dates in the rolling window of `by: "security"` (default 5, the aggregation's). */
  window?: number;
  /** Security names by code (ob.csv), for the series' names. */
  names?: SecurityNames;
  /** Participant names by id (par.csv), for the series' names. */
  participantNames?: ReadonlyMap<number, string>;
}

/** One drawn series: its name and, per date in order, the date's and the rolling ratio and sweeps. */
interface Series {
  name: string;
  dates: string[];
  daily: (number | undefined)[];
  rolling: (number | undefined)[];
  sweeps: number[];
}

const ratio = (filled: number, qty: number): number | undefined => (qty === 0 ? undefined : filled / qty);

/** One security's sums over its participants on one date. */
interface DaySums {
  qty: number;
  filled: number;
  sweeps: number;
}

/** The per-security series: sums per (security, date) over participants, and the rolling trend over them. */
function bySecurity(rows: readonly SeriesRow[], window: number, names?: SecurityNames): Series[] {
  const sums = new Map<string, Map<string, DaySums>>();
  for (const r of rows) {
    let dates = sums.get(r.securityCode);
    if (dates === undefined) sums.set(r.securityCode, (dates = new Map<string, DaySums>()));
    const s = dates.get(r.date) ?? { qty: 0, filled: 0, sweeps: 0 };
    dates.set(r.date, { qty: s.qty + r.qty, filled: s.filled + r.realFilled, sweeps: s.sweeps + r.sweeps });
  }
  return [...sums]
    .sort(([a], [b]) => byText(a, b))
    .map(([code, dates]) => {
      const days = [...dates].sort(([a], [b]) => byText(a, b));
      return {
        name: securityLabel(code, names),
        dates: days.map(([d]) => d),
        daily: days.map(([, s]) => ratio(s.filled, s.qty)),
        rolling: days.map((_, i) => {
          const last = days.slice(Math.max(0, i - window + 1), i + 1).map(([, s]) => s);
          return ratio(
            last.reduce((n, s) => n + s.filled, 0),
            last.reduce((n, s) => n + s.qty, 0),
          );
        }),
        sweeps: days.map(([, s]) => s.sweeps),
      };
    });
}

/** The per-(security, participant) series, as the table gives them; the security left out of names when there is one. */
function byParticipant(rows: readonly SeriesRow[], options: TimeSeriesOptions): Series[] {
  const oneSecurity = new Set(rows.map((r) => r.securityCode)).size === 1;
  const groups = new Map<string, SeriesRow[]>();
  const sorted = [...rows].sort(
    (a, b) => byText(a.securityCode, b.securityCode) || a.participantId - b.participantId || byText(a.date, b.date),
  );
  for (const r of sorted) {
    const key = `${r.securityCode}\u0000${r.participantId}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [r]);
    else g.push(r);
  }
  return [...groups.values()].map((g) => {
    const first = g[0] as SeriesRow;
    const who = participantLabel(first.participantId, options.participantNames?.get(first.participantId));
    return {
      name: oneSecurity ? who : `${securityLabel(first.securityCode, options.names)} · ${who}`,
      dates: g.map((r) => r.date),
      daily: g.map((r) => r.realFillRatio),
      rolling: g.map((r) => r.rollingRealFillRatio),
      sweeps: g.map((r) => r.sweeps),
    };
  });
}

/**
 * The real fill ratio over trading dates with its rolling trend: per series a solid line of the
 * rolling ratio and dots of each date's own ratio, in the same colour (clicking the legend entry
 * hides both). Series per (security, participant) or per security (see {@link TimeSeriesOptions});
 * with one security in the rows, the title names it and the series name only the participant.
 * Dates on a category axis in calendar order (days without sweeps are not drawn).
 */
export function timeSeriesFigure(rows: readonly SeriesRow[], options: TimeSeriesOptions = {}): Figure {
  const window = Math.max(1, Math.floor(options.window ?? 5));
  const series = options.by === "security" ? bySecurity(rows, window, options.names) : byParticipant(rows, options);
  const data: Trace[] = series.flatMap((s, i) => [
    {
      type: "scatter",
      mode: "lines",
      name: s.name,
      legendgroup: s.name,
      x: s.dates,
      y: s.rolling.map(orNull),
      customdata: s.sweeps,
      line: { color: seriesColor(i), width: 2 },
      hovertemplate: "%{x}: rolling %{y:.1%}<extra>%{fullData.name}</extra>",
    },
    {
      type: "scatter",
      mode: "markers",
      name: `${s.name} (per date)`,
      legendgroup: s.name,
      showlegend: false,
      x: s.dates,
      y: s.daily.map(orNull),
      customdata: s.sweeps,
      marker: { color: seriesColor(i), size: 7, symbol: "circle-open" },
      hovertemplate: "%{x}: %{y:.1%} over %{customdata:,} sweeps<extra>%{fullData.name}</extra>",
    },
  ]);
  const codes = [...new Set(rows.map((r) => r.securityCode))];
  const only = codes.length === 1 && codes[0] !== undefined ? `, ${securityLabel(codes[0], options.names)}` : "";
  const trend = options.by === "security" ? `rolling over ≤ ${window} dates` : "rolling trend";
  const title = `Real fill ratio over time${only}: ${trend} (lines), each date (dots)`;
  const layout = baseLayout(title, "trading date (Sydney)", "real fill ratio");
  return {
    data,
    layout: {
      ...layout,
      legend: { orientation: "v", x: 1.02, y: 1 },
      margin: { t: 60, r: 40, b: 60, l: 70 },
      xaxis: { title: { text: "trading date (Sydney)" }, type: "category", categoryorder: "category ascending" },
      yaxis: { title: { text: "real fill ratio" }, tickformat: ".0%", rangemode: "tozero" },
    },
  };
}
