// Reads Mailpit's API (GET /api/v1/messages, GET /api/v1/message/{ID}): the
// real axllent/mailpit in the GitHub workflow, its stand-in elsewhere.

interface Address {
  Name: string;
  Address: string;
}

export interface MailSummary {
  ID: string;
  To: Address[];
  Subject: string;
}

export interface Mail extends MailSummary {
  From: Address;
  Text: string;
  HTML: string;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Waits for the first mail to `to` and returns it whole. */
export async function waitForMail(mailpitUrl: string, to: string, timeoutMs = 60_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await getJson<{ messages: MailSummary[] }>(`${mailpitUrl}/api/v1/messages`);
    const found = list.messages.find((mail) => mail.To.some((address) => address.Address === to));
    if (found) return getJson<Mail>(`${mailpitUrl}/api/v1/message/${found.ID}`);
    if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms (${list.messages.length} others)`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
