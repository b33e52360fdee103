/**
 * The repeatable `--emm <console>` flag that export and validate share: one or more of the
 * console ids (`--emm a --emm b` or `--emm a,b`), never swallowing the paths after it.
 */
import { Flags } from '@oclif/core';
import { EMM_CONSOLES } from '../variables/consoles.js';

/** `--emm` with this command's description of what the consoles are used for. */
export function emmFlag(description: string) {
  return Flags.string({
    options: [...EMM_CONSOLES],
    multiple: true,
    multipleNonGreedy: true,
    delimiter: ',',
    description,
  });
}
