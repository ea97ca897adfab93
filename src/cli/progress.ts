/**
 * A progress bar on stderr, shown only when stderr is a terminal.
 * @internal
 * @module
 */

/** A progress reporter. */
export interface Progress {
  /** Sets the amount done (out of `total` when known). */
  update(done: number, total?: number): void;
  /** Shows a phase without a measurable amount (e.g. `generating…`). */
  status(text: string): void;
  /** Removes the bar. */
  done(): void;
}

const SILENT: Progress = { update() {}, status() {}, done() {} };

/** Creates a progress bar for `label`, or a silent reporter when stderr is not a TTY. */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr, enabled = stream.isTTY === true): Progress {
  if (!enabled) return SILENT;
  let last = 0;
  let shown = false;
  const width = 28;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && !(total !== undefined && done >= total)) return;
      last = now;
      shown = true;
      if (total !== undefined && total > 0) {
        const ratio = Math.min(1, done / total);
        const full = Math.round(ratio * width);
        stream.write(`\r\x1b[K${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${Math.floor(ratio * 100)}%`);
      } else {
        stream.write(`\r\x1b[K${label} ${done.toLocaleString('en-US')}`);
      }
    },
    status(text) {
      shown = true;
      stream.write(`\r\x1b[K${label} ${text}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
