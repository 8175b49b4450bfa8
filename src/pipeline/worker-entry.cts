/**
 * The file piscina loads in each worker thread: CommonJS on purpose. piscina loads its entry with
 * `require()` first and falls back to `import()`; on Node 20.19+ `require()` of an ES module
 * (worker.js) can race an `import()` of the same graph and abort the whole process with
 * "v8::Module::IsGraphAsync must be used on an instantiated module" (seen in CI, a Node bug).
 * Requiring this CommonJS file never takes that path: the ES modules are loaded by `import()` only.
 */
type Handler = (message: unknown) => Promise<unknown>;

let handler: Promise<Handler> | undefined;

module.exports = function run(message: unknown): Promise<unknown> {
  handler ??= import("./worker.js").then((m: { default: Handler }) => m.default);
  return handler.then((h) => h(message));
};
