// Every way a proof, tile, checkpoint or note can be refused, as one typed code union, so a caller
// (the HTTP layer, `quorate verify`, a mirror's fork alarm) can act on the reason instead of a
// bare `false` (as transparency-dev/merkle does).
import { DomainError } from '../errors.ts';

export type LogErrorCode =
  // Tree sizes, indexes and proofs (RFC 9162 §2.1.3, §2.1.4).
  | 'invalid_size'
  | 'index_out_of_range'
  | 'size_shrinks'
  | 'wrong_proof_size'
  | 'bad_hash_length'
  | 'root_mismatch'
  // Stored hashes, tiles and entry bundles (C2SP tlog-tiles).
  | 'missing_hash'
  | 'hash_reader_mismatch'
  | 'bad_tile'
  | 'malformed_tile_path'
  | 'malformed_entry_bundle'
  | 'entry_too_large'
  // Encodings.
  | 'malformed_hex'
  | 'malformed_base64'
  | 'malformed_text'
  // Checkpoints, signed notes, cosignatures and witness requests (C2SP).
  | 'malformed_checkpoint'
  | 'malformed_note'
  | 'invalid_key_name'
  | 'malformed_vkey'
  | 'vkey_id_mismatch'
  | 'unsupported_key_type'
  | 'duplicate_verifier'
  | 'invalid_signature'
  | 'no_verified_signature'
  | 'malformed_cosignature'
  | 'malformed_witness_request';

/** A refused log input. `code` is stable; the message names the numbers involved. */
export class LogError extends DomainError {
  declare readonly code: LogErrorCode;
  constructor(code: LogErrorCode, message: string) {
    super(code, message);
  }
}
