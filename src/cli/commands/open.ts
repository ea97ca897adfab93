/**
 * `ent-pronote open`: the verified plain content of either envelope, byte for byte what was
 * sealed (a leading UTF-8 BOM dropped), to stdout or to a file written with mode 0600.
 *
 * @internal
 * @module
 */

import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { type EnvelopeInfo, openEnvelope } from '../../index';
import { type CliState, subcommand } from '../command';
import { usageError, withFile } from '../errors';
import { readFileBytes, writeOutputFile } from '../io';
import { loadPrivateKey } from '../keys';
import { parseNonEmpty } from '../options';
import { plural, printJson, printLine, type Reporter, stderrReporter } from '../output';

/** Options of {@link runOpen}. */
export interface OpenCommandOptions {
  /** The envelope file. */
  input: string;
  /** The private key file. */
  key: string;
  /** EXPORT_INDEX_EDUCATION: the key block to use (may be omitted when there is one). */
  partner?: string;
  /** File holding the private key's passphrase. */
  passphraseFile?: string;
  /** Where to write the content (mode 0600); stdout when absent. */
  out?: string;
}

/** What {@link runOpen} returns. */
export interface OpenResult {
  /** The verified content. */
  content: Uint8Array;
  /** The clear metadata of the envelope. */
  info: EnvelopeInfo;
  /** The file written, when `out` was given. */
  out?: string;
}

/** The warning `open` gives when it writes clear data to a file. */
export function clearDataWarning(path: string): string {
  return `${path} holds the decrypted content in clear (nominative data): written with mode 0600, delete it when done`;
}

/** Opens and verifies the envelope; writes the content to `out` (mode 0600) when given. */
export async function runOpen(options: OpenCommandOptions, reporter: Reporter = stderrReporter): Promise<OpenResult> {
  const key = loadPrivateKey(options.key, options.passphraseFile);
  const bytes = readFileBytes(options.input);
  let opened;
  try {
    opened = openEnvelope(bytes, key, options.partner !== undefined ? { partner: options.partner } : {});
  } catch (e) {
    throw withFile(e, options.input);
  }
  if (options.out !== undefined) {
    writeOutputFile(options.out, opened.content, { sensitive: true });
    reporter.warn(clearDataWarning(options.out));
    return { content: opened.content, info: opened.info, out: options.out };
  }
  return { content: opened.content, info: opened.info };
}

/** Declares `open`. */
export function registerOpen(program: Command, _state: CliState): void {
  subcommand(program, 'open', 'open and verify an ImportChiffre or EXPORT_INDEX_EDUCATION envelope: the plain content, byte for byte')
    .argument('<file>', 'the envelope')
    .requiredOption('--key <privkey>', 'the private key (PEM, DER or JWK; PKCS#8 or PKCS#1, encrypted or not)')
    .option('--partner <name>', 'EXPORT_INDEX_EDUCATION: the key block (PARTENAIRE NOM) to use; optional when there is only one', parseNonEmpty)
    .option('--passphrase-file <file>', "file holding the private key's passphrase")
    .option('--out <file>', 'write the content to this file (mode 0600) instead of stdout')
    .option('--json', 'with --out: print what was opened as JSON')
    .action(async (input: string, opts: Omit<OpenCommandOptions, 'input'> & { json?: boolean }) => {
      if (opts.json === true && opts.out === undefined) throw usageError('--json needs --out (without it, stdout carries the content)');
      const r = await runOpen({ ...opts, input });
      if (r.out === undefined) {
        await new Promise<void>((resolve, reject) => process.stdout.write(r.content, (e) => (e ? reject(e) : resolve())));
        return;
      }
      const sha256 = createHash('sha256').update(r.content).digest('hex');
      if (opts.json === true) {
        printJson({ out: r.out, kind: r.info.kind, bytes: r.content.length, sha256, info: r.info });
        return;
      }
      printLine(`opened ${r.info.kind} (verified) → ${r.out} (${plural(r.content.length, 'byte')}, mode 0600)`);
    });
}
