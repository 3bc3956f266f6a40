import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Write `data` to `file` atomically: into a temporary file beside it, then renamed into place,
 * so a reader (a browser, Prometheus' textfile collector) never sees half a file, and a failed
 * write leaves the old one.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
