export * from "./codes.js";
export * from "./errors.js";
export * from "./fields.js";
export * from "./headers.js";
export * from "./price.js";
export * from "./reference.js";
export * from "./schemas.js";
export * from "./time.js";
