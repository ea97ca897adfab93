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
import { checkOutputs, readFileBytes, writeOutputFile } from '../io';
import { loadPrivateKey } from '../keys';
import { addEntNameOption, addForceOption, addPrivateKeyOption } from '../options';
import { plural, printJson, printLine, type Reporter, stderrReporter } from '../output';

/** Options of {@link runOpen}. */
export interface OpenCommandOptions {
  /** The envelope file. */
  input: string;
  /** The private key file (`--private-key`). */
  privateKey: string;
  /** EXPORT_INDEX_EDUCATION: the key block to use, named by the ENT's name (may be omitted when there is one). */
  entName?: string;
  /** File holding the private key's passphrase. */
  passphraseFile?: string;
  /** Where to write the content (mode 0600); stdout when absent. */
  out?: string;
  /** Replace an existing `out`. */
  force?: boolean;
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
  const output = {
    force: options.force === true,
    inputs: [options.input, options.privateKey, ...(options.passphraseFile !== undefined ? [options.passphraseFile] : [])],
  };
  if (options.out !== undefined) checkOutputs([options.out], output);
  const key = loadPrivateKey(options.privateKey, options.passphraseFile);
  const bytes = readFileBytes(options.input);
  let opened;
  const progress = reporter.progress('open');
  progress.status('decrypting and verifying…');
  try {
    opened = openEnvelope(bytes, key, options.entName !== undefined ? { partner: options.entName } : {});
  } catch (e) {
    throw withFile(e, options.input);
  } finally {
    progress.done();
  }
  if (options.out !== undefined) {
    writeOutputFile(options.out, opened.content, { sensitive: true, ...output });
    reporter.warn(clearDataWarning(options.out));
    return { content: opened.content, info: opened.info, out: options.out };
  }
  return { content: opened.content, info: opened.info };
}

/** Declares `open`. */
export function registerOpen(program: Command, _state: CliState): void {
  const command = subcommand(program, 'open', 'open and verify an ImportChiffre or EXPORT_INDEX_EDUCATION envelope: the plain content, byte for byte').argument(
    '<file>',
    'the envelope (- for standard input)',
  );
  addPrivateKeyOption(command, { description: 'the private key (PEM, DER or JWK; PKCS#8 or PKCS#1, encrypted or not)', required: true, aliases: ['--key'] });
  addEntNameOption(command, { description: "EXPORT_INDEX_EDUCATION: the ENT's name, which names the key block (PARTENAIRE NOM) to use; optional when there is only one", aliases: ['--partner'] });
  command
    .option('--out <file>', 'write the content to this file (mode 0600, atomically) instead of stdout')
    .option('--json', 'with --out: print what was opened as JSON');
  addForceOption(command, 'replace an existing --out file');
  command.action(async (input: string, opts: Omit<OpenCommandOptions, 'input'> & { json?: boolean }) => {
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
