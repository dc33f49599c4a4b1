import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ToPdfOptions {
  /** The LibreOffice binary; `soffice` on the PATH unless given. */
  soffice?: string;
  /** Kills the conversion after this long (default 120 s). */
  timeoutMs?: number;
}

/**
 * Converts a .docx to PDF with headless LibreOffice, in a fresh temporary directory that also
 * holds LibreOffice's profile (so conversions can run side by side); the directory is removed
 * afterwards. Rejects when LibreOffice fails, times out or writes no PDF.
 */
export async function toPdf(docx: Buffer, options: ToPdfOptions = {}): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'report-pdf-'));
  try {
    const input = path.join(dir, 'report.docx');
    await writeFile(input, docx);
    await run(
      options.soffice ?? 'soffice',
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`,
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        input,
      ],
      { timeout: options.timeoutMs ?? 120_000, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 },
    );
    let pdf: Buffer;
    try {
      pdf = await readFile(path.join(dir, 'report.pdf'));
    } catch {
      throw new Error('LibreOffice exited without writing a PDF');
    }
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw new Error('LibreOffice wrote something that is not a PDF');
    return pdf;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
