import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readStoreManifest, STORE_MANIFEST } from "../../../src/io/store/manifest.js";
import { StoreError } from "../../../src/io/store/errors.js";
import { readSliceRecord, sliceRecordPath } from "../../../src/io/store/slice-record.js";
import { readValidatedJson } from "../../../src/io/store/read-json.js";
import { tmp } from "../../helpers.js";

/*
 * The store's JSON files (the manifest, the slice records) are read back through one zod
 * read-and-validate helper: absent is undefined, anything else wrong is StoreError `bad_manifest`
 * naming the file, what is wrong in it (not JSON, or each zod issue with its path) and what to do.
 */

const Thing = z.object({ version: z.literal(1), names: z.array(z.string()) });
const what = { is: "a thing", fix: "delete it to start over" };

const caught = async (p: Promise<unknown>): Promise<StoreError> => {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StoreError);
  return e as StoreError;
};

describe("readValidatedJson", () => {
  it("returns the validated value, and undefined when the file does not exist", async () => {
    const dir = tmp();
    const path = join(dir, "thing.json");
    expect(await readValidatedJson(path, Thing, what)).toBeUndefined();
    writeFileSync(path, JSON.stringify({ version: 1, names: ["a", "b"] }));
    expect(await readValidatedJson(path, Thing, what)).toEqual({ version: 1, names: ["a", "b"] });
  });

  it("a file that is not JSON: bad_manifest naming the file and what to do", async () => {
    const path = join(tmp(), "thing.json");
    writeFileSync(path, "{ nope");
    const e = await caught(readValidatedJson(path, Thing, what));
    expect(e.code).toBe("bad_manifest");
    expect(e.path).toBe(path);
    expect(e.message).toMatch(new RegExp(`^${path}: is not JSON \\(.+\\); delete it to start over$`));
  });

  it("JSON of another shape: bad_manifest listing each issue with its path", async () => {
    const path = join(tmp(), "thing.json");
    writeFileSync(path, JSON.stringify({ version: 2, names: ["a", 3] }));
    const e = await caught(readValidatedJson(path, Thing, what));
    expect(e.code).toBe("bad_manifest");
    expect(e.message).toMatch(
      new RegExp(`^${path}: is not a thing \\(version: .+; names\\.1: .+\\); delete it to start over$`),
    );
  });

  it("a file system error other than ENOENT passes through (a folder in its place)", async () => {
    const path = join(tmp(), "thing.json");
    mkdirSync(path);
    await expect(readValidatedJson(path, Thing, what)).rejects.toMatchObject({ code: "EISDIR" });
  });
});

describe("the store manifest and the slice records share it", () => {
  it("readStoreManifest: a manifest of another version names the field and says to re-partition", async () => {
    const store = tmp();
    writeFileSync(join(store, STORE_MANIFEST), JSON.stringify({ version: 2, inputs: {}, pieces: [], files: [] }));
    const e = await caught(readStoreManifest(store));
    expect(e.code).toBe("bad_manifest");
    expect(e.message).toContain(`${join(store, STORE_MANIFEST)}: is not a store manifest (version: `);
    expect(e.message).toMatch(/; delete it to re-partition$/);
  });

  it("readSliceRecord: a damaged record names the field when not lenient, and is no record when lenient", async () => {
    const store = tmp();
    const path = sliceRecordPath(store, 1, 3);
    mkdirSync(join(store, "_slices"));
    writeFileSync(path, JSON.stringify({ version: 1, index: 1, count: 3, plan: "x", units: [], pieces: [] }));
    expect(await readSliceRecord(store, 1, 3)).toBeUndefined();
    const e = await caught(readSliceRecord(store, 1, 3, false));
    expect(e.code).toBe("bad_manifest");
    expect(e.path).toBe(path);
    expect(e.message).toMatch(
      new RegExp(`^${path}: is not a slice record \\(plan: .+\\); delete it and rerun that slice$`),
    );
    writeFileSync(path, "not json");
    expect(await readSliceRecord(store, 1, 3)).toBeUndefined();
    expect((await caught(readSliceRecord(store, 1, 3, false))).message).toMatch(/: is not JSON \(.+\); delete it/);
    expect(await readSliceRecord(store, 2, 3)).toBeUndefined(); // none at all
  });
});
