import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createReadStream, statSync } from 'node:fs';
import { createZip } from './zipWriter';

/**
 * Package files in every format the built-in feed takes, built by the system's own `tar` and
 * `bzip2` (and the tests' zip writer), so the server reads archives it did not write itself.
 */
export function createArchive(extension: string, files: Record<string, string>): Buffer {
  if (['.zip', '.jar', '.war', '.ear', '.nupkg'].includes(extension)) return createZip(files);
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-archive-'));
  try {
    const content = path.join(dir, 'content');
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(content, name)), { recursive: true });
      writeFileSync(path.join(content, name), text);
    }
    const out = path.join(dir, `package${extension}`);
    const flags = { '.tar': '-cf', '.tar.gz': '-czf', '.tgz': '-czf', '.tar.bz2': '-cjf', '.tbz': '-cjf' }[extension];
    if (!flags) throw new Error(`no archive writer for ${extension}`);
    execFileSync('tar', [flags, out, '-C', content, '.']);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Uploads a file from disk as multipart/form-data (part `fileToUpload`), streaming it, as curl
 * `-F fileToUpload=@file` does. Resolves with the status and body text.
 */
export function streamUpload(
  url: string,
  apiKey: string,
  file: string,
  fileName: string,
): Promise<{ status: number; text: string }> {
  const boundary = `----stepwise${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="fileToUpload"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + statSync(file).size + tail.length;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          'X-Octopus-ApiKey': apiKey,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': length,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.write(head);
    const body = createReadStream(file);
    body.on('error', reject);
    body.on('end', () => req.end(tail));
    body.pipe(req, { end: false });
  });
}
