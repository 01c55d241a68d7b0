import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

/**
 * A real SMTP server for the tests: it collects what it is given, and `refuse` makes it answer RCPT with a
 * chosen code (a 4xx "try later", a 5xx "no such user") for the addresses it names.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  refuse: { code: number; message: string; addresses?: string[] } | null = null;
  private server: SMTPServer | null = null;
  port = 0;

  async start(port = 0): Promise<this> {
    const options: SMTPServerOptions = {
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const refuse = this.refuse;
        if (refuse && (!refuse.addresses || refuse.addresses.includes(address.address))) {
          const error = new Error(refuse.message) as Error & { responseCode: number };
          error.responseCode = refuse.code;
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then((parsed) => {
            this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            callback();
          }, callback);
        });
      },
    };
    this.server = new SMTPServer(options);
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
