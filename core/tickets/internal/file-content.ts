/**
 * What an attached file is, decided by its bytes: binary formats by their magic bytes (the
 * `file-type` package), text by being valid UTF-8 without control characters and without markup.
 * Only the kinds on the allow-list are kept, and a name whose extension says another kind is refused
 * too (an HTML page renamed .png, a program renamed .txt), so that what is served is what was checked.
 */
import { fileTypeFromBuffer } from 'file-type';
import { OpsdeskError } from '../../errors.ts';

/** The kinds of file a ticket takes, by detected content type, with the extensions each may be named with. */
const ALLOWED: Record<string, readonly string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'application/zip': ['zip'],
  'application/gzip': ['gz', 'tgz'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
};

export const TEXT_PLAIN = 'text/plain';

/** Every extension a binary kind claims, and those of active content: a text file may not wear them. */
const NOT_TEXT_EXTENSIONS = new Set([
  ...Object.values(ALLOWED).flat(),
  ...['html', 'htm', 'xhtml', 'shtml', 'svg', 'svgz', 'xml', 'xsl', 'js', 'mjs', 'hta', 'swf'],
  ...['exe', 'dll', 'com', 'scr', 'msi', 'bat', 'cmd', 'ps1', 'vbs', 'jar', 'apk', 'dmg', 'elf', 'so', 'bin'],
]);

/** The content types a ticket accepts, for the docs and for a refusal that says what would do. */
export const ACCEPTED_KINDS = 'text (logs, CSV, JSON), PNG, JPEG, GIF, WebP, PDF, ZIP, gzip and Office/OpenDocument files';

export interface CheckedFile {
  contentType: string;
  fileName: string;
}

/** A file name without directories, control characters or quotes, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '_').replace(/^\.+/, '').trim().slice(-200);
  return clean === '' ? 'attachment' : clean;
}

function extensionOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
}

const refused = (fileName: string, why: string) =>
  new OpsdeskError('INVALID_INPUT', `"${fileName}" was not attached: ${why}`, { fields: { content: why } });

/** Text a person could read: valid UTF-8, no NUL or control characters but tabs, line ends, form feeds and ANSI escapes. */
function isPlainText(content: Buffer): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    return !/[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]/.test(text);
  } catch {
    return false;
  }
}

/** Markup a browser would run or render: a text file that starts like an HTML, SVG or XML document. */
function looksLikeMarkup(content: Buffer): boolean {
  const head = content.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return /^<(!doctype\s+html|html|head|body|script|svg|iframe|\?xml|!--)/.test(head);
}

/**
 * The content type of an attachment, checked against the allow-list and its name; throws
 * INVALID_INPUT saying why otherwise (nothing is stored for a refused file).
 */
export async function checkFileContent(content: Buffer, fileName: string, maxBytes: number): Promise<CheckedFile> {
  const name = cleanFileName(fileName);
  if (content.length === 0) throw refused(name, 'the file is empty');
  if (content.length > maxBytes) throw refused(name, `it is larger than the limit of ${describeBytes(maxBytes)}`);
  const extension = extensionOf(name);
  const detected = await fileTypeFromBuffer(content);
  if (detected) {
    const extensions = ALLOWED[detected.mime];
    if (!extensions) throw refused(name, `its content is ${detected.mime} (.${detected.ext}), which tickets do not take; they take ${ACCEPTED_KINDS}`);
    if (extension !== undefined && !extensions.includes(extension)) {
      throw refused(name, `its name says .${extension} but its content is ${detected.mime}`);
    }
    return { contentType: detected.mime, fileName: name };
  }
  if (!isPlainText(content)) throw refused(name, `its content is not a kind of file tickets take (${ACCEPTED_KINDS})`);
  if (looksLikeMarkup(content)) throw refused(name, 'its content is HTML, SVG or XML markup, which tickets do not take');
  if (extension !== undefined && NOT_TEXT_EXTENSIONS.has(extension)) throw refused(name, `its name says .${extension} but its content is plain text`);
  return { contentType: TEXT_PLAIN, fileName: name };
}

export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}
