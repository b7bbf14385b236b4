/**
 * LibreOffice headless for tests: office files → PDF → text (pdftotext) or PNG (pdftoppm). Each call uses
 * its own user profile so parallel runs don't clash. Needs the Debian packages libreoffice-calc,
 * libreoffice-writer, fonts-noto-cjk and poppler-utils (CI installs them; there is no skipping).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * fontconfig aliases so that documents asking for the fonts of a Chinese office (宋体, 黑体, 仿宋_GB2312,
 * 楷体_GB2312, 方正小标宋简体) get the Noto CJK SC faces: 黑体 the sans, the others the serif.
 */
const SERIF_FAMILIES = [
  'SimSun',
  '宋体',
  '仿宋_GB2312',
  'FangSong',
  '楷体_GB2312',
  'KaiTi',
  '方正小标宋简体',
];
const SANS_FAMILIES = ['SimHei', '黑体'];
const alias = (family: string, to: string) =>
  `  <alias binding="same"><family>${family}</family><prefer><family>${to}</family></prefer></alias>`;
const FONTS_CONF = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
${SERIF_FAMILIES.map((f) => alias(f, 'Noto Serif CJK SC')).join('\n')}
${SANS_FAMILIES.map((f) => alias(f, 'Noto Sans CJK SC')).join('\n')}
</fontconfig>
`;

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Converts the files to PDF in one LibreOffice run; returns the PDF paths in the same order. */
export async function convertToPdf(files: readonly string[], outDir: string): Promise<string[]> {
  const profile = await makeTempDir('lo-');
  try {
    const fontsConf = join(profile, 'fonts.conf');
    await writeFile(fontsConf, FONTS_CONF);
    await run(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        outDir,
        ...files,
      ],
      { timeout: 180_000, env: { ...process.env, FONTCONFIG_FILE: fontsConf } },
    );
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'soffice not found: apt-get install -y libreoffice-calc libreoffice-writer fonts-noto-cjk poppler-utils'
        : `LibreOffice conversion failed: ${(error as Error).message}`,
    );
  } finally {
    await removeDir(profile);
  }
  return files.map((f) => join(outDir, `${basename(f, extname(f))}.pdf`));
}

export async function pdfText(pdf: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

export async function pdfFonts(pdf: string): Promise<string> {
  const { stdout } = await run('pdffonts', [pdf]);
  return stdout;
}

export async function pdfPages(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf]);
  return Number(/^Pages:\s+(\d+)/mu.exec(stdout)?.[1] ?? 0);
}

/** The images placed on the PDF's pages (pdfimages -list), as `page width height` lines. */
export async function pdfImages(pdf: string): Promise<string[]> {
  const { stdout } = await run('pdfimages', ['-list', pdf]);
  return stdout
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/u))
    .filter((cols) => cols.length > 4 && cols[2] === 'image')
    .map((cols) => `${cols[0]} ${cols[3]} ${cols[4]}`);
}

/** Renders the PDF's pages as PNG files `<prefix>-N.png` at the given resolution. */
export async function pdfToPng(pdf: string, prefix: string, dpi = 60): Promise<void> {
  await run('pdftoppm', ['-r', String(dpi), '-png', pdf, prefix]);
}

/** Text without any whitespace, for finding labels that wrapped inside a table cell. */
export function squash(text: string): string {
  return text.replace(/\s+/gu, '');
}
