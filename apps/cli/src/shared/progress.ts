/**
 * A progress bar on stderr, drawn only when stderr is a terminal and only after the work has run
 * for about a second — quick commands and pipes never see it.
 */
export function createProgress(label: string): { update: (done: number, total: number, text?: string) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  const start = Date.now();
  let drawn = false;
  return {
    update(done, total, text) {
      if (!tty || Date.now() - start < 1000) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text ?? `${done}/${total}`}`);
      drawn = true;
    },
    done() {
      if (drawn) process.stderr.write('\r\u001b[2K');
    },
  };
}
