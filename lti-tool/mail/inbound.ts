import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';

export const inboundMaxBytes = 1024 * 1024;

export interface InboundHandler {
  /** RCPT TO: is this one of our reply addresses? */
  accepts(address: string): Promise<boolean>;
  /** The whole message; throws `{ code, message }`-like errors to refuse it (5xx to the sender's server). */
  receive(envelope: { from: string | null; to: string[] }, raw: Buffer): Promise<void>;
}

export interface InboundServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * The tool's own SMTP server for replies by e-mail: no AUTH, mail only for known reply addresses, at most
 * 1 MB. TLS belongs in front of it (a relay or proxy), as for the web side.
 */
export async function startInboundMail(options: { port: number; host?: string; logger: Logger; handler: InboundHandler }): Promise<InboundServer> {
  const { logger, handler } = options;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: inboundMaxBytes,
    logger: false,
    banner: 'Nätverk replies',
    onRcptTo(address, _session, callback) {
      handler.accepts(address.address).then(
        (known) => callback(known ? undefined : Object.assign(new Error('5.1.1 No such reply address'), { responseCode: 550 })),
        (error: unknown) => {
          logger.error({ err: error }, 'inbound mail: recipient check failed');
          callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
        },
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('5.3.4 Message too big'), { responseCode: 552 }));
          return;
        }
        const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null, to: session.envelope.rcptTo.map((r) => r.address) };
        handler.receive(envelope, Buffer.concat(chunks)).then(
          () => callback(),
          (error: unknown) => {
            const refusal = error as { code?: string; message?: string; refused?: boolean };
            if (refusal.refused) {
              logger.info({ reason: refusal.code, to: envelope.to }, 'inbound mail refused');
              callback(Object.assign(new Error(`5.7.1 ${refusal.message ?? 'Refused'}`), { responseCode: 550 }));
            } else {
              logger.error({ err: error }, 'inbound mail failed');
              callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
            }
          },
        );
      });
    },
  });
  server.on('error', (error) => logger.error({ err: error }, 'inbound mail server error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
