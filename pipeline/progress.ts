/**
 * A live progress line on stderr while a long ingest runs — only on a TTY and not with --quiet;
 * cron and pipes get nothing but the final summary.
 */
import { int } from './format.js';

export class Progress {
  private files = 0;
  private lines = 0;
  private bytes = 0;
  private rejects = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly started = performance.now();
  private shown = false;

  constructor(
    private readonly totalFiles: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    enabled = Boolean(process.stderr.isTTY),
  ) {
    if (enabled) {
      this.timer = setInterval(() => this.draw(), 250);
      this.timer.unref();
    }
  }

  /** A batch was loaded. */
  batch(bytes: number, lines: number, rejects: number): void {
    this.bytes += bytes;
    this.lines += lines;
    this.rejects += rejects;
  }

  /** A file is done (loaded, unchanged, skipped or failed). */
  fileDone(): void {
    this.files++;
  }

  /** Clear the progress line so a log line can be written; it is drawn again on the next tick. */
  interrupt(): void {
    this.clear();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.clear();
  }

  private clear(): void {
    if (this.shown) {
      this.stream.write('\r\x1b[2K');
      this.shown = false;
    }
  }

  private draw(): void {
    const seconds = (performance.now() - this.started) / 1000;
    const line =
      `ingest: ${this.files}/${this.totalFiles} files, ${int(this.lines)} lines, ` +
      `${(this.bytes / 1e6 / Math.max(seconds, 0.001)).toFixed(1)} MB/s, ${this.rejects} rejects`;
    this.stream.write('\r\x1b[2K' + line);
    this.shown = true;
  }
}
