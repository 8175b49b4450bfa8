// `npm run bench -- --sweep`: the optimisation grid of the roadmap, chunk size (config `chunkSize`)
// × worker count, timing the partition phase and the scan of the order files in each cell (each in
// its own process, like the main bench). Writes bench/sweep.json and bench/sweep.html (a plotly
// chart with plotly.js inline, so it opens offline): rows/s against chunk size, one line per worker
// count.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, cpus } from "node:os";
import { join } from "node:path";
import { child, fmt, here, perSecond, tableBytes, textTable, writeConfig } from "./lib.mjs";

/** Chunk sizes of the grid, as the config and `--chunk-size` spell them. */
/** A phase's figures in a grid cell: `bytes` is what it read. */
const measured = (r, bytes) => ({
  seconds: r.seconds,
  rows: r.rows,
  rowsPerSecond: perSecond(r.rows, r.seconds),
  mbPerSecond: bytes / 1e6 / r.seconds,
  peakRssMb: r.peakRssMb,
});

export const SWEEP_CHUNKS = ["1MB", "8MB", "64MB", "512MB"];

/** Worker counts of the grid: 1, 2, then doubling while the machine has the cores, and its count. */
export function sweepWorkers(cores = availableParallelism()) {
  const ws = new Set([1, 2]);
  for (let w = 4; w <= cores; w *= 2) ws.add(w);
  ws.add(Math.max(1, cores));
  return [...ws].sort((a, b) => a - b);
}

/** Runs the grid on one data folder and writes sweep.json and sweep.html beside the results. */
export async function runSweep({ root, data, orders, scanHasWorkers }) {
  const bytes = tableBytes(data);
  const cells = [];
  const workers = sweepWorkers();
  console.log(`\n— sweep: chunk sizes ${SWEEP_CHUNKS.join(", ")} × workers ${workers.join(", ")} —`);
  for (const chunkSize of SWEEP_CHUNKS) {
    for (const w of workers) {
      const out = join(root, `out-sweep-w${w}`);
      rmSync(out, { recursive: true, force: true });
      const p = child("phase.mjs", ["partition", writeConfig(root, data, out, w, chunkSize)]);
      rmSync(out, { recursive: true, force: true });
      const cell = { chunkSize, chunkMb: Number.parseInt(chunkSize, 10), workers: w };
      cell.partition = measured(p, bytes.total);
      if (scanHasWorkers || w === 1) {
        const s = child("phase.mjs", [
          "scan",
          scanHasWorkers ? w : "-",
          chunkSize,
          join(root, "scan-rejects.csv"),
          join(data, "orders"),
        ]);
        cell.scan = measured(s, s.bytes);
      } else cell.scan = { missing: "sweeplab scan has no --workers option in this build" };
      console.log(
        `chunk ${chunkSize.padStart(5)}  workers ${w}  partition ${fmt(cell.partition.rowsPerSecond).padStart(11)} rows/s ${fmt(p.peakRssMb).padStart(5)} MB` +
          `  scan ${fmt(cell.scan.rowsPerSecond).padStart(11)} rows/s`,
      );
      cells.push(cell);
    }
  }
  const sweep = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "?"}, node ${process.version}`,
    orders,
    inputMb: bytes.total / 1e6,
    ordersMb: bytes.orders / 1e6,
    chunkSizes: SWEEP_CHUNKS,
    workers,
    cells,
  };
  writeFileSync(join(here, "sweep.json"), JSON.stringify(sweep, null, 2) + "\n");
  writeFileSync(join(here, "sweep.html"), sweepHtml(sweep));
  console.log(
    "\n" +
      textTable(
        ["chunk", ...workers.map((w) => `partition ${w}w rows/s`), ...workers.map((w) => `scan ${w}w rows/s`)],
        SWEEP_CHUNKS.map((c) => {
          const at = (w, k) => cells.find((x) => x.chunkSize === c && x.workers === w)[k].rowsPerSecond ?? null;
          return [c, ...workers.map((w) => fmt(at(w, "partition"))), ...workers.map((w) => fmt(at(w, "scan")))];
        }),
      ),
  );
  console.log("sweep in bench/sweep.json and bench/sweep.html");
}

/** One plotly figure: rows/s of a phase against chunk size (log axis), a line per worker count. */
function figure(sweep, phase, title) {
  return {
    data: sweep.workers.map((w) => {
      const cs = sweep.cells.filter((c) => c.workers === w && !c[phase].missing);
      return {
        type: "scatter",
        mode: "lines+markers",
        name: `${w} worker${w > 1 ? "s" : ""}`,
        x: cs.map((c) => c.chunkMb),
        y: cs.map((c) => Math.round(c[phase].rowsPerSecond)),
      };
    }),
    layout: {
      title: { text: title },
      xaxis: { title: { text: "chunk size (MB)" }, type: "log", tickvals: sweep.cells.map((c) => c.chunkMb) },
      yaxis: { title: { text: "rows/s" }, rangemode: "tozero" },
      legend: { orientation: "h" },
    },
  };
}

const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The grid as a standalone HTML page with plotly.js inline (works offline). */
function sweepHtml(sweep) {
  const plotly = readFileSync(createRequire(import.meta.url).resolve("plotly.js-dist-min"), "utf8");
  // Inline script text must not close its own element: `</script` becomes `<\/script`, the same to JavaScript.
  const script = (s) => `<script>${s.replace(/<\/script/gi, "<\\/script")}</script>`;
  const figs = [
    figure(sweep, "partition", `Partition phase (${fmt(sweep.inputMb)} MB, orders + trades + NBBO)`),
    figure(sweep, "scan", `Scan of the order files (${fmt(sweep.ordersMb)} MB)`),
  ];
  const json = JSON.stringify(figs).replace(/</g, "\\u003c");
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>sweeplab bench sweep</title>${script(plotly)}</head>` +
    `<body><h1>sweeplab bench sweep</h1><p>${esc(sweep.machine)}; ${fmt(sweep.orders)} order rows. rows/s against chunk size, one line per worker count.</p>` +
    `<div id="p0"></div><div id="p1"></div>` +
    script(
      `var figs = ${json}; figs.forEach(function (f, i) { Plotly.newPlot("p" + i, f.data, f.layout, { responsive: true, displaylogo: false }); });`,
    ) +
    `</body></html>\n`
  );
}
