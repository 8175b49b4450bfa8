/**
 * True on little-endian platforms, where a 64-bit typed-array element's bytes are its low 32-bit
 * word then its high one: the hot paths that read or write ids and timestamps through Uint32Array /
 * Int32Array views of BigInt64 columns check this once, and take an exact bigint path elsewhere.
 */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
