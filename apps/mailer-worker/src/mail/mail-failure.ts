/** A mail that can never be sent, however often it is tried (the reason becomes the job's failedReason). */
export class PermanentMailError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PermanentMailError';
  }
}

interface SmtpErrorFields {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
}

/**
 * Why retrying cannot help, or undefined when a later attempt may succeed.
 * SMTP 5xx replies are final by definition (RFC 5321 §4.2.1); connection
 * errors, timeouts and 4xx replies are transient.
 */
export function permanentFailureReason(error: unknown): string | undefined {
  if (error instanceof PermanentMailError) return error.reason;
  const { responseCode, response } = smtpFieldsOf(error);
  if (typeof responseCode !== 'number' || responseCode < 500 || responseCode > 599) return undefined;
  const reply = typeof response === 'string' && response.trim() ? response : String(responseCode);
  return `smtp_rejected: ${safeForLogs(reply)}`;
}

/** A one-line description of any failure, fit for logs and failedReason. */
export function describeMailError(error: unknown): { message: string; code?: string; responseCode?: number } {
  const { code, responseCode } = smtpFieldsOf(error);
  return {
    message: safeForLogs(error instanceof Error ? error.message : String(error)),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof responseCode === 'number' ? { responseCode } : {}),
  };
}

const EMAIL_ADDRESS = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g;

/** Servers often quote the recipient in replies ("550 <bob@example.org>: unknown"); addresses must not reach logs. */
export function safeForLogs(text: string): string {
  return text.replace(EMAIL_ADDRESS, '[address]').replace(/\s+/g, ' ').trim().slice(0, 300);
}

function smtpFieldsOf(error: unknown): SmtpErrorFields {
  return typeof error === 'object' && error !== null ? (error as SmtpErrorFields) : {};
}
