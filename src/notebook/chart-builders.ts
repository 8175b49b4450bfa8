// The chart builders of the public API, reached as `charts.<name>` (src/index.ts re-exports this
// module as the namespace `charts`): each turns aggregate()'s frames, sweepRows()' rows or a list of
// runs into a plotly figure for plot() or savePlot(). Their long names stay in `sweeplab/internal`.
export {
  fillRatioChart as fillRatio,
  orderScatterChart as orderScatter,
  savingsBoxChart as savingsBox,
  savingsChart as savings,
  sizeBandChart as sizeBand,
  throughputChart as throughput,
  timeOfDayChart as timeOfDay,
} from "./charts.js";
export {
  costScenarioChart as costScenario,
  participantChart as participant,
  timeSeriesChart as timeSeries,
} from "./analysis-charts.js";
