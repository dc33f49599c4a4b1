/*
 * Renders the sample report (apps/reporting/src/reports/render/sample-report.ts) as the ITU-T TD
 * .docx, converts it to PDF with LibreOffice, and writes its first page as the README's picture:
 *
 *   npm run build && node dist/tools/report-preview/first-page.js [out.png]
 *
 * Run from the repository root; the picture goes to docs/images/report-first-page.png unless an
 * output path is given. Needs LibreOffice (`soffice`) and poppler-utils (`pdftoppm`).
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
// A development tool that pictures the reporting app's renderer: it imports the app's files.
import { reportDocx } from '../../apps/reporting/src/reports/render/report-docx.js';
import { sampleReport } from '../../apps/reporting/src/reports/render/sample-report.js';
import { toPdf } from '../../apps/reporting/src/reports/render/to-pdf.js';

const run = promisify(execFile);

export const DEFAULT_OUTPUT = path.join('docs', 'images', 'report-first-page.png');

/** Writes the first page of the sample report's TD as a PNG (80 dpi) at `output`; returns its path. */
export async function renderFirstPage(output = DEFAULT_OUTPUT): Promise<string> {
  const target = path.resolve(output);
  const pdf = await toPdf(await reportDocx(sampleReport()));
  const dir = await mkdtemp(path.join(tmpdir(), 'report-preview-'));
  try {
    const input = path.join(dir, 'report.pdf');
    await writeFile(input, pdf);
    await run('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', input, path.join(dir, 'page')], {
      timeout: 60_000,
    });
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(dir, 'page.png'), target);
    return target;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  renderFirstPage(process.argv[2]).then(
    (written) => console.log(`Wrote ${written}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
