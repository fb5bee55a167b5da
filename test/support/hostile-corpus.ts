import sharp from 'sharp';
import { makeJpeg, makePngDeclaring, makeSvg } from './images';

/**
 * Hostile uploads, generated in code: what a careless or malicious client sends
 * instead of a photo. Each file is sent as `image/jpeg` named `photo.jpg`, so
 * only the bytes can give it away.
 */
export interface HostileFile {
  name: string;
  /** Built on demand: some take a moment (sharp), and the list itself is needed when specs are collected. */
  make: () => Buffer | Promise<Buffer>;
  /** The answer the gateway must give: status and a readable reason. */
  status: 400 | 413 | 415 | 422;
  message: RegExp;
  /** Already checked one by one in upload-validation.e2e.spec.ts. */
  coveredElsewhere?: true;
}

/** N frames of 8×8 alternating colours, joined into one animated GIF. */
export async function makeAnimatedGif(frameCount: number): Promise<Buffer> {
  const colours = ['#c0392b', '#2e86c1', '#27ae60'];
  const frames = await Promise.all(
    colours.map((background) => sharp({ create: { width: 8, height: 8, channels: 3, background } }).png().toBuffer()),
  );
  const sequence = Array.from({ length: frameCount }, (_, i) => frames[i % frames.length]!);
  return sharp(sequence, { join: { animated: true } }).gif().toBuffer();
}

/** An SVG whose nested entities expand to gigabytes if a parser lets them ("billion laughs"). */
export function makeEntityBombSvg(): Buffer {
  const entities = ['<!ENTITY l0 "lollollollollollollollollollol">'];
  for (let level = 1; level <= 9; level++) entities.push(`<!ENTITY l${level} "${`&l${level - 1};`.repeat(10)}">`);
  return Buffer.from(
    `<?xml version="1.0"?>\n<!DOCTYPE svg [\n${entities.join('\n')}\n]>\n` +
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><text>&l9;</text></svg>',
  );
}

/** An SVG that reads a local file (XXE) and fetches a URL when rendered. */
export function makeExternalEntitySvg(): Buffer {
  return Buffer.from(
    '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n' +
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64">' +
      '<image xlink:href="http://169.254.169.254/latest/meta-data/" width="64" height="64"/><text>&secret;</text></svg>',
  );
}

export const HTML_PAYLOAD = '<!doctype html><html><body><script>fetch("/api/me").then(r=>r.text()).then(alert)</script></body></html>\n';

async function truncatedJpeg(): Promise<Buffer> {
  const jpeg = await makeJpeg({ seed: 4242 });
  return jpeg.subarray(0, Math.floor(jpeg.length * 0.5));
}

/**
 * An ISO-BMFF `ftyp` box declaring 4 GiB (0xFFFFFFFF), the rest of the file `A`s: a sniff that
 * reads brands up to the declared size loops over the whole file (2.5 million brands per 10 MB).
 */
export function makeCraftedFtyp(totalBytes: number): Buffer {
  const bytes = Buffer.alloc(totalBytes, 'A');
  bytes.writeUInt32BE(0xffffffff, 0);
  bytes.write('ftyp', 4, 'latin1');
  return bytes;
}

/** Every file is refused with its status; nothing of it may be stored. */
export const HOSTILE_FILES: HostileFile[] = [
  { name: 'zero-byte file', make: () => Buffer.alloc(0), status: 400, message: /empty/, coveredElsewhere: true },
  {
    name: 'text renamed .jpg',
    make: () => Buffer.from('Dear diary, today I saw a fox.\n'.repeat(30)),
    status: 415,
    message: /not a supported image/,
    coveredElsewhere: true,
  },
  { name: 'HTML page with a script', make: () => Buffer.from(HTML_PAYLOAD.repeat(5)), status: 415, message: /not a supported image/ },
  {
    name: 'JavaScript file',
    make: () => Buffer.from('/* photo.jpg */\nwhile (true) { document.cookie; }\nexport default function () { eval(location.hash.slice(1)); }\n'),
    status: 415,
    message: /not a supported image/,
  },
  { name: 'SVG with a script', make: makeSvg, status: 415, message: /SVG images are not supported/, coveredElsewhere: true },
  // libxml2 refuses the expansion; either way the answer is a prompt 415, not a hung parser.
  { name: 'SVG entity expansion bomb', make: makeEntityBombSvg, status: 415, message: /not a supported image|SVG/ },
  { name: 'SVG with external entities and URLs', make: makeExternalEntitySvg, status: 415, message: /not a supported image|SVG/ },
  {
    name: 'JPEG magic bytes followed by garbage',
    make: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4096, 0x5a)]),
    status: 415,
    message: /not a supported image/,
  },
  { name: 'truncated JPEG', make: truncatedJpeg, status: 422, message: /truncated or damaged/, coveredElsewhere: true },
  {
    name: 'decompression bomb (PNG declaring 50000×50000)',
    make: () => makePngDeclaring(50_000, 50_000),
    status: 422,
    message: /megapixels/,
    coveredElsewhere: true,
  },
  { name: 'ftyp box declaring 4 GiB, filled with A', make: () => makeCraftedFtyp(100_000), status: 415, message: /not a supported image/ },
  { name: 'animated GIF with 3000 frames', make: () => makeAnimatedGif(3000), status: 422, message: /3000 frames.*still photo/ },
];

export interface MultipartPart {
  /** Content-Disposition name; undefined leaves the parameter out. */
  field?: string;
  filename?: string;
  contentType?: string;
  body: Buffer | string;
}

/** Hand-built multipart/form-data body, so boundaries, names and framing can be wrong on purpose. */
export function multipartBody(boundary: string, parts: MultipartPart[], options: { close?: boolean } = {}): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = ['form-data', part.field === undefined ? undefined : `name="${part.field}"`, part.filename === undefined ? undefined : `filename="${part.filename}"`]
      .filter(Boolean)
      .join('; ');
    const headers = [`Content-Disposition: ${disposition}`, part.contentType ? `Content-Type: ${part.contentType}` : undefined].filter(Boolean);
    chunks.push(Buffer.from(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`), Buffer.from(part.body), Buffer.from('\r\n'));
  }
  if (options.close !== false) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** Filenames that must not matter: the gateway never uses or stores them. */
export const HOSTILE_FILENAMES: Array<[label: string, filename: string]> = [
  ['path traversal', '../../../../../../etc/passwd'],
  ['Windows path traversal', '..\\..\\..\\Windows\\System32\\drivers\\etc\\hosts.jpg'],
  ['absolute path', '/var/lib/postgresql/data/pg_hba.conf'],
  ['1,000 characters', `${'a'.repeat(996)}.jpg`],
  ['HTML and quotes', '<img src=x onerror=alert(1)>%22;.jpg'],
  ['a right-to-left override', 'photo\u202egpj.exe'],
];

/**
 * Spellings of the sign-in path that a lenient router would still route to its handler:
 * whatever the spelling, a cross-origin POST must be refused, and none reaches the handler.
 */
export const SIGN_IN_PATH_VARIANTS: string[] = [
  '/api/auth/verify/',
  '/API/auth/verify',
  '/api/Auth/Verify',
  '//api/auth/verify',
  '/api//auth/verify',
  '/api%2Fauth%2Fverify',
  '/api/auth%2Fverify',
  '/api/auth/verify%2F',
  '/api/auth/verify;',
  '/api/auth/verify;jsessionid=1',
  '/api/auth/./verify',
  '/api/auth/x/../verify',
];
