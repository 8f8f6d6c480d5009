// Key rotation (DESIGN.md, "The record log"): a body's log announces its next signing key in an
// entry signed by the key it replaces. A verifier who trusts the old key follows the chain entry
// by entry, so trust carries over without asking the server.
import { utf8 } from './bytes.ts';

/**
 * The exact bytes the old key signs to announce the new one.
 * @example keyRotationMessage('council.example.org/x', 'council.example.org/x+01234567+AQ…')
 */
export function keyRotationMessage(origin: string, newVkey: string): Uint8Array {
  return utf8(`quorate/key-rotation/v1\n${origin}\n${newVkey}\n`);
}
