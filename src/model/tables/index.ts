export { ORDER_TABLE } from "./orders.js";
export { TRADE_TABLE } from "./trades.js";
export { NBBO_TABLE } from "./nbbo.js";
