/**
 * `ent-pronote keygen --out DIR`: a fresh RSA key pair as `private.pem` (PKCS#8, mode 0600),
 * `public.pem` (SPKI) and `public.ssh2.pub` (RFC 4716, the form Index-Education exchanges).
 *
 * @internal
 * @module
 */

import { join } from 'node:path';
import type { Command } from 'commander';
import { EntPronoteError, generateKeyPair } from '../../index';
import { type CliState, subcommand } from '../command';
import { checkOutputs, ensureDirectory, removeCreatedDirectory, writeOutputs } from '../io';
import { readPassphrase } from '../keys';
import { addForceOption, integerParser } from '../options';
import { printJson, printLine } from '../output';

/** Options of {@link runKeygen}. */
export interface KeygenOptions {
  /** Directory to write the three files into (created when missing, mode 0700). */
  out: string;
  /** Overwrite existing files. */
  force?: boolean;
  /** 2048 (default), 3072 or 4096. */
  bits?: number;
  /** Encrypt the private key with the passphrase of this file (PKCS#8, AES-256-CBC). */
  passphraseFile?: string;
  /** Comment of the SSH2 public key file. */
  comment?: string;
}

/** What {@link runKeygen} wrote. */
export interface KeygenResult {
  privateKey: string;
  publicKey: string;
  ssh2PublicKey: string;
  bits: number;
  fingerprint: string;
  encrypted: boolean;
}

/** The names of the files keygen writes, in `DIR`. */
export const KEY_FILES = { privateKey: 'private.pem', publicKey: 'public.pem', ssh2PublicKey: 'public.ssh2.pub' } as const;

/**
 * Generates a key pair and writes it (the three files atomically, together). Refuses
 * (`ERR_CONFLICT`, nothing written) when one of the files exists, unless `force`.
 */
export async function runKeygen(options: KeygenOptions): Promise<KeygenResult> {
  const bits = options.bits ?? 2048;
  if (bits !== 2048 && bits !== 3072 && bits !== 4096) throw new EntPronoteError('ERR_ARGUMENT', '--bits must be 2048, 3072 or 4096');
  const paths = {
    privateKey: join(options.out, KEY_FILES.privateKey),
    publicKey: join(options.out, KEY_FILES.publicKey),
    ssh2PublicKey: join(options.out, KEY_FILES.ssh2PublicKey),
  };
  const force = options.force === true ? { force: true } : {};
  checkOutputs(Object.values(paths), force);
  const passphrase = options.passphraseFile === undefined ? undefined : readPassphrase(options.passphraseFile);
  if (passphrase === '') throw new EntPronoteError('ERR_ARGUMENT', 'the passphrase file is empty');
  const created = ensureDirectory(options.out, 0o700);
  const { privateKey, publicKey } = generateKeyPair({ bits });
  try {
    // The three files together, or none.
    writeOutputs(
      [
        { path: paths.privateKey, data: privateKey.toPem(passphrase === undefined ? {} : { passphrase }), sensitive: true },
        { path: paths.publicKey, data: publicKey.toPem(), sensitive: false },
        { path: paths.ssh2PublicKey, data: publicKey.toSsh2(options.comment ?? `ent-pronote ${bits}-bit RSA key`), sensitive: false },
      ],
      { ...force, ...(options.passphraseFile !== undefined ? { inputs: [options.passphraseFile] } : {}) },
    );
  } catch (e) {
    // A failed keygen leaves no folder of its own either.
    removeCreatedDirectory(created, options.out);
    throw e;
  }
  return { ...paths, bits, fingerprint: publicKey.fingerprint, encrypted: passphrase !== undefined };
}

/** Declares `keygen`. */
export function registerKeygen(program: Command, _state: CliState): void {
  const command = subcommand(program, 'keygen', 'generate an RSA key pair: private.pem (PKCS#8, mode 0600), public.pem (SPKI), public.ssh2.pub (RFC 4716)')
    .requiredOption('--out <dir>', 'directory to write the key files into (created if missing)')
    .option('--bits <n>', 'modulus size: 2048, 3072 or 4096', integerParser(2048, 4096), 2048)
    .option('--passphrase-file <file>', 'encrypt the private key with the passphrase in this file')
    .option('--comment <text>', 'comment of the SSH2 public key file')
    .option('--json', 'print the result as JSON');
  addForceOption(command, 'replace existing key files');
  command.action(async (opts: KeygenOptions & { json?: boolean }) => {
      const r = await runKeygen(opts);
      if (opts.json === true) {
        printJson({ privateKey: r.privateKey, publicKey: r.publicKey, ssh2PublicKey: r.ssh2PublicKey, bits: r.bits, fingerprint: r.fingerprint, encrypted: r.encrypted });
        return;
      }
      printLine(`private key: ${r.privateKey} (mode 0600${r.encrypted ? ', encrypted' : ''}; keep it secret)`);
      printLine(`public key:  ${r.publicKey}`);
      printLine(`SSH2 key:    ${r.ssh2PublicKey}`);
      printLine(`fingerprint: ${r.fingerprint} (${r.bits}-bit RSA)`);
    });
}
