// Stand-in for Mailpit (axllent/mailpit), built by ../../standin-images.sh as
// a test aid for machines without registry access. It serves Mailpit's ports
// and the part of its API WildID's tests read, with the same JSON shapes:
//   SMTP :1025 (any or no auth, no TLS)  HTTP :8025
//   GET /api/v1/messages         newest first: { total, unread, count, start, tags, messages }
//   GET /api/v1/message/{ID}     one message, ID may be `latest`: { ID, From, To, Subject, Text, HTML, ... }
//   DELETE /api/v1/messages      deletes all
//   GET /readyz, /livez          200 when serving
// Everything else answers 404 naming the stand-in, so a test that needs more
// fails clearly instead of passing on a look-alike. Messages live in memory.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const SMTP_PORT = Number(process.env.MP_SMTP_PORT ?? 1025);
const HTTP_PORT = Number(process.env.MP_UI_PORT ?? 8025);
const messages = []; // newest last

const address = (a) => ({ Name: a.name ?? '', Address: a.address ?? '' });
const addresses = (field) => (field ? [field].flat().flatMap((group) => group.value.map(address)) : []);

function store(parsed, raw) {
  const text = parsed.text ?? '';
  const message = {
    ID: randomUUID(),
    MessageID: parsed.messageId ?? '',
    From: addresses(parsed.from)[0] ?? null,
    To: addresses(parsed.to),
    Cc: addresses(parsed.cc),
    Bcc: addresses(parsed.bcc),
    ReplyTo: addresses(parsed.replyTo),
    Subject: parsed.subject ?? '',
    Created: new Date().toISOString(),
    Date: (parsed.date ?? new Date()).toISOString(),
    Tags: [],
    Text: text,
    HTML: typeof parsed.html === 'string' ? parsed.html : '',
    Size: raw.length,
    Attachments: parsed.attachments.length,
    Snippet: text.replace(/\s+/g, ' ').trim().slice(0, 250),
    Read: false,
  };
  messages.push(message);
}

function summary({ ID, MessageID, Read, From, To, Cc, Bcc, ReplyTo, Subject, Created, Tags, Size, Attachments, Snippet }) {
  return { ID, MessageID, Read, From, To, Cc, Bcc, ReplyTo, Subject, Created, Tags, Size, Attachments, Snippet };
}

function detail({ Read, Created, Snippet, Attachments, ...rest }) {
  return { ...rest, Inline: [], Attachments: [] };
}

function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function route(req, res) {
  const { pathname } = new URL(req.url ?? '/', 'http://stand-in');
  if (req.method === 'GET' && (pathname === '/readyz' || pathname === '/livez')) return reply(res, 200, 'ok');
  if (pathname === '/api/v1/messages' && req.method === 'GET') {
    const list = messages.toReversed().map(summary);
    const unread = messages.filter((m) => !m.Read).length;
    return reply(res, 200, { total: list.length, unread, count: list.length, start: 0, tags: [], messages: list });
  }
  if (pathname === '/api/v1/messages' && req.method === 'DELETE') {
    messages.length = 0;
    return reply(res, 200, 'ok');
  }
  const one = /^\/api\/v1\/message\/([^/]+)$/.exec(pathname);
  if (one && req.method === 'GET') {
    const found = one[1] === 'latest' ? messages.at(-1) : messages.find((m) => m.ID === one[1]);
    if (!found) return reply(res, 404, 'message not found');
    found.Read = true;
    return reply(res, 200, detail(found));
  }
  reply(res, 404, `${req.method} ${pathname} is not served by the Mailpit stand-in (scripts/docker/standins/mailpit)`);
}

function serve() {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onAuth: (_auth, _session, done) => done(null, { user: 'any' }),
    onData(stream, _session, done) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((parsed) => (store(parsed, raw), done()), done);
      });
    },
  });
  smtp.listen(SMTP_PORT, '0.0.0.0');
  createServer(route).listen(HTTP_PORT, '0.0.0.0');
  console.log(`Mailpit stand-in: SMTP on ${SMTP_PORT}, HTTP on ${HTTP_PORT}`);
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
}

// `mailpit readyz`, as the real image's health check runs it.
async function readyz() {
  const res = await fetch(`http://127.0.0.1:${HTTP_PORT}/readyz`).catch(() => null);
  process.exit(res?.ok ? 0 : 1);
}

if (process.argv[2] === 'readyz') await readyz();
else serve();
