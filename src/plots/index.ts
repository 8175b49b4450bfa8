// Public API of the plots layer: pure builders of plotly figure specs from plain rows (no I/O).
export { COLORS, type Axis, type Figure, type Layout, type PlotValue, type Trace } from "./figure.js";
export { histogram, binCenters, binOf, type Histogram } from "./histogram.js";
export { fillRatioByDateFigure, fillRatioBySecurityFigure, type FillRatioRow } from "./fill-ratio.js";
export { savingsDistributionFigure, type SavingsOptions, type SavingsPoint } from "./savings.js";
export { sizeBandFigure, timeOfDayFigure, type BreakdownRow } from "./breakdowns.js";
export { orderScatterFigure, type OrderPoint, type ScatterOptions } from "./scatter.js";
export { throughputFigure, type ThroughputRow } from "./throughput.js";
