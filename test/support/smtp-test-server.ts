import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream } from 'smtp-server';

export interface SmtpTestServerOptions {
  /** Recipients for which RCPT TO is answered with a permanent 550 rejection. */
  rejectRecipient?: (address: string) => boolean;
}

/**
 * A real SMTP server on 127.0.0.1 that accepts any login (or none), parses
 * every message it receives and keeps it, so end-to-end specs can read what
 * the mailer worker sent (for instance the sign-in link).
 */
export class SmtpTestServer {
  readonly messages: ParsedMail[] = [];
  readonly rejectedRecipients: string[] = [];
  rejectRecipient: (address: string) => boolean;
  private readonly events = new EventEmitter();
  private server?: SMTPServer;

  constructor(options: SmtpTestServerOptions = {}) {
    this.rejectRecipient = options.rejectRecipient ?? (() => false);
  }

  /** Starts listening on `port`, or a free port when omitted; resolves with the port. */
  async start(port = 0): Promise<number> {
    if (this.server) throw new Error('SMTP test server already started');
    const server = new SMTPServer({
      authOptional: true,
      // No TLS certificate here, so never offer the upgrade.
      disabledCommands: ['STARTTLS'],
      // Clients with pooled connections keep them open; do not wait long for them on stop().
      closeTimeout: 500,
      logger: false,
      onAuth: (_auth, _session, callback) => callback(null, { user: 'test' }),
      onRcptTo: (address, _session, callback) => callback(this.checkRecipient(address)),
      onData: (stream, _session, callback) => this.receive(stream, callback),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    // Errors after start (a client resetting its connection) must not crash the test run.
    server.on('error', () => undefined);
    this.server = server;
    return (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get port(): number | undefined {
    return (this.server?.server.address() as AddressInfo | null)?.port;
  }

  /** Resolves with the messages once at least `count` have arrived in total. */
  waitForMessages(count: number, timeoutMs = 10_000): Promise<ParsedMail[]> {
    if (this.messages.length >= count) return Promise.resolve([...this.messages]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('message', onMessage);
        reject(new Error(`expected ${count} message(s) within ${timeoutMs} ms, got ${this.messages.length}`));
      }, timeoutMs);
      const onMessage = () => {
        if (this.messages.length < count) return;
        clearTimeout(timer);
        this.events.off('message', onMessage);
        resolve([...this.messages]);
      };
      this.events.on('message', onMessage);
    });
  }

  /** Messages whose To header names `address`. */
  messagesTo(address: string): ParsedMail[] {
    const lower = address.toLowerCase();
    return this.messages.filter((message) =>
      [message.to ?? []].flat().some((to) => to.value.some((entry) => entry.address?.toLowerCase() === lower)),
    );
  }

  reset(): void {
    this.messages.length = 0;
    this.rejectedRecipients.length = 0;
  }

  private checkRecipient(address: SMTPServerAddress): Error | null {
    if (!this.rejectRecipient(address.address)) return null;
    this.rejectedRecipients.push(address.address);
    return Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 });
  }

  private receive(stream: SMTPServerDataStream, callback: (error?: Error | null) => void): void {
    simpleParser(stream)
      .then((message) => {
        this.messages.push(message);
        callback();
        this.events.emit('message', message);
      })
      .catch((error: Error) => callback(error));
  }
}
