// The development mail catcher: maildev receives everything the mailer
// worker sends to MAIL_SERVER:MAIL_PORT and shows it in a web inbox, so no
// dev mail ever reaches a real mailbox.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, portInUse } from './process.mjs';

const UI_PORT = 1080;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

/**
 * Decides how dev mail is handled. Resolves to { inbox, command? }: `inbox`
 * says where mail ends up; `command`, when set, starts maildev.
 */
export async function planMailCatcher(env) {
  const server = env.MAIL_SERVER || '127.0.0.1';
  const smtpPort = Number(env.MAIL_PORT || 1025);

  // Another host means the operator set up real SMTP on purpose.
  if (!LOCAL_HOSTS.has(server)) return { inbox: `real SMTP server ${server}:${smtpPort} (MAIL_SERVER)` };

  // A catcher left over from another run (or the compose stack's Mailpit) already does the job,
  // and starting a second one would fail on the port and stop everything.
  if ((await portInUse(smtpPort)) || (await portInUse(UI_PORT))) {
    return { inbox: `the server already listening on 127.0.0.1:${smtpPort} (maildev not started)` };
  }
  if (!existsSync(path.join(ROOT, 'node_modules', '.bin', 'maildev'))) {
    return { inbox: 'none: maildev is not installed (npm install --save-dev maildev)' };
  }
  // Loopback only: the inbox shows every mail, so keep it off the network.
  return {
    inbox: `http://localhost:${UI_PORT}`,
    command: `maildev --smtp ${smtpPort} --ip 127.0.0.1 --web ${UI_PORT} --web-ip 127.0.0.1`,
  };
}
