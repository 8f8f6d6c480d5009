// The record log's maths (RFC 9162 §2.1 and the C2SP transparency-log specs). Pure: SHA-256 and
// Ed25519 come in as functions, stored hashes through HashReader / TileReader.
export * from './log-error.ts';
export { bytesEqual, fromBase64, fromHex, toBase64, toHex } from './bytes.ts';
export * from './merkle.ts';
export * from './stored-hashes.ts';
export * from './tiles.ts';
export * from './tile-path.ts';
export * from './entry-bundle.ts';
export * from './integrate-leaves.ts';
export * from './checkpoint.ts';
export * from './note.ts';
export * from './cosignature.ts';
