import { badRequest } from '../errors';

export interface UploadedFile {
  fieldName: string;
  fileName: string;
  data: Buffer;
}

/**
 * The file parts of a `multipart/form-data` body (RFC 7578), as api-client's package push sends
 * it (one part named `fileToUpload`). The whole body is in memory, bounded by the route's limit.
 */
export function parseMultipart(body: Buffer, contentType: string): UploadedFile[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw badRequest('The multipart body has no boundary in its Content-Type.');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2].trim()}`);
  const files: UploadedFile[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw badRequest('The multipart body does not contain its boundary.');
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', position);
    if (headerEnd < 0) throw badRequest('A part of the multipart body has no end of headers.');
    const headers = body.subarray(position, headerEnd).toString('utf8');
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) throw badRequest('The multipart body is cut short (no closing boundary).');
    // The part's content ends with the CRLF that precedes the next delimiter.
    const data = body.subarray(headerEnd + 4, next - 2);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const fieldName = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
    const fileName = /\bfilename\*=UTF-8''([^;\r\n]+)/i.exec(disposition)?.[1] ?? /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (fileName !== undefined) files.push({ fieldName, fileName: safeDecode(fileName), data: Buffer.from(data) });
    position = next;
  }
  return files;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
