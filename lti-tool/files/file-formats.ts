import fs from 'node:fs';
import path from 'node:path';
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../errors';
import { inspectOfficeArchive } from './office-archive';

export const fileFormats = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['pptx'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  odt: { mime: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  odp: { mime: 'application/vnd.oasis.opendocument.presentation', extensions: ['odp'] },
  png: { mime: 'image/png', extensions: ['png'] },
  jpg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  /** Legacy PowerPoint (a compound file); accepted only where it is converted. */
  ppt: { mime: 'application/vnd.ms-powerpoint', extensions: ['ppt'] },
} as const;

export type FileFormat = keyof typeof fileFormats;

const zipBasedFormats = new Set<FileFormat>(['pptx', 'docx', 'xlsx', 'odt', 'odp']);
const macroEnabled = new Set(['pptm', 'docm', 'xlsm', 'potm', 'ppsm', 'dotm', 'xltm']);

export interface InspectedFile {
  format: FileFormat;
  mime: string;
  /** The extension to offer on download: the original one when it names the format. */
  extension: string;
}

/** A content of a kind this upload does not take, named by what it is: "this is a Word document, not a presentation". */
export type KindRefusal = 'file_is_word' | 'file_is_spreadsheet' | 'file_is_pdf' | 'file_is_image' | 'file_is_other_presentation' | 'file_is_zip' | 'file_not_recognised';
type Refusal = KindRefusal | 'file_empty' | 'file_disguised' | 'file_macros' | 'file_encrypted';

const kindOfContent: Record<string, KindRefusal> = {
  docx: 'file_is_word', dotx: 'file_is_word', odt: 'file_is_word', ott: 'file_is_word', rtf: 'file_is_word',
  xlsx: 'file_is_spreadsheet', xltx: 'file_is_spreadsheet', ods: 'file_is_spreadsheet', ots: 'file_is_spreadsheet',
  pdf: 'file_is_pdf',
  png: 'file_is_image', jpg: 'file_is_image', gif: 'file_is_image', webp: 'file_is_image', bmp: 'file_is_image', tif: 'file_is_image', heic: 'file_is_image', avif: 'file_is_image',
  pptx: 'file_is_other_presentation', ppsx: 'file_is_other_presentation', potx: 'file_is_other_presentation', odp: 'file_is_other_presentation', otp: 'file_is_other_presentation', ppt: 'file_is_other_presentation',
  zip: 'file_is_zip',
};

/** Why content of this kind is refused here: what it is where we know, else that it is no document we recognise. */
export const kindRefusalOf = (detectedExtension: string | undefined): KindRefusal =>
  (detectedExtension && kindOfContent[detectedExtension]) || 'file_not_recognised';

const refuse = (code: Refusal, detail: string) => new AppError(code.startsWith('file_is_') || code === 'file_not_recognised' ? 415 : 422, code, detail);

/**
 * Decides what a received file is from its bytes, never from its name, and refuses what we do not take:
 * formats not accepted here, a name that claims another format, macros, encryption, empty files, and
 * Office archives that are not what they claim, unpack too far or declare XML entities (see inspectOfficeArchive).
 */
export async function inspectFile(filePath: string, originalName: string, accepted: readonly FileFormat[]): Promise<InspectedFile> {
  const { size } = await fs.promises.stat(filePath);
  if (size === 0) throw refuse('file_empty', originalName);
  const detected = await fileTypeFromFile(filePath);
  const nameExtension = path.extname(originalName).slice(1).toLowerCase();
  if (!detected) throw refuse('file_not_recognised', `unrecognised content, name ${originalName}`);
  if (macroEnabled.has(detected.ext)) throw refuse('file_macros', detected.ext);
  const format = await formatOf(filePath, detected.ext, nameExtension);
  if (!format || !accepted.includes(format)) throw refuse(kindRefusalOf(format ?? detected.ext), `content is ${detected.ext}, name ${originalName}`);
  const extensions: readonly string[] = fileFormats[format].extensions;
  if (nameExtension && !extensions.includes(nameExtension)) throw refuse('file_disguised', `name says ${nameExtension}, content is ${format}`);
  if (zipBasedFormats.has(format)) await inspectOfficeArchive(filePath, format === 'odt' || format === 'odp' ? 'odf' : 'ooxml');
  return { format, mime: fileFormats[format].mime, extension: extensions.includes(nameExtension) ? nameExtension : extensions[0]! };
}

/** Compound files are legacy Office files of any kind, or encrypted new ones: only a name saying .ppt makes one a presentation. */
async function formatOf(filePath: string, detectedExtension: string, nameExtension: string): Promise<FileFormat | undefined> {
  if (detectedExtension === 'cfb') {
    if (await isEncryptedOoxml(filePath)) throw refuse('file_encrypted', 'encrypted office file');
    return nameExtension === 'ppt' ? 'ppt' : undefined;
  }
  return detectedExtension in fileFormats ? (detectedExtension as FileFormat) : undefined;
}

/** Password-protected Word, Excel and PowerPoint files are compound files holding an "EncryptedPackage" stream. */
async function isEncryptedOoxml(filePath: string): Promise<boolean> {
  const marker = Buffer.from('EncryptedPackage', 'utf16le');
  const handle = await fs.promises.open(filePath);
  try {
    // Directory entries of small compound files sit near the start; a megabyte covers the ones Office writes.
    const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(1024 * 1024), position: 0 });
    return buffer.subarray(0, bytesRead).includes(marker);
  } finally {
    await handle.close();
  }
}
