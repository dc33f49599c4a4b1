import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { reportDocx } from './report-docx.js';
import { sampleReport } from './sample-report.js';
import { toPdf } from './to-pdf.js';

const run = promisify(execFile);

/** Pages of a PDF by pdfinfo (poppler-utils), or by counting its page objects when pdfinfo is not there. */
async function pageCount(pdf: Buffer, dir: string): Promise<number> {
  const file = path.join(dir, 'report.pdf');
  await writeFile(file, pdf);
  try {
    const { stdout } = await run('pdfinfo', [file], { timeout: 30_000 });
    const match = /^Pages:\s+(\d+)/m.exec(stdout);
    if (!match) throw new Error(`pdfinfo gave no page count:\n${stdout}`);
    return Number(match[1]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  }
}

/** The PDF's text by pdftotext (poppler-utils); null when it is not installed. */
async function pdfText(dir: string): Promise<string | null> {
  try {
    const { stdout } = await run('pdftotext', ['-layout', path.join(dir, 'report.pdf'), '-'], {
      timeout: 30_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

describe('the TD as PDF (LibreOffice)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'report-pdf-spec-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('converts to a PDF of at least one page', async () => {
    const pdf = await toPdf(await reportDocx(sampleReport({ tdNumber: 'T25-SG17-270118-TD-GEN-0123' })));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await pageCount(pdf, dir)).toBeGreaterThanOrEqual(1);
    const text = await pdfText(dir);
    if (text !== null) {
      // Where poppler is installed, check the pages carry the TD's words, not blank pages.
      expect(text).toContain('INTERNATIONAL TELECOMMUNICATION UNION');
      expect(text).toContain('T25-SG17-270118-TD-GEN-0123');
      expect(text).toContain('Overlap and gap matrix');
    }
  }, 180_000);

  it('rejects when LibreOffice cannot be run', async () => {
    await expect(toPdf(Buffer.from('not a docx'), { soffice: path.join(dir, 'no-such-soffice') })).rejects.toThrow();
  }, 30_000);
});
