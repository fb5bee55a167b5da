/**
 * Where IdentifyService reports each step of one attempt. The processor backs
 * it with the BullMQ job log, so the dashboard shows what happened on every
 * attempt; the service itself never sees BullMQ. Reporting never throws.
 */
export type IdentifyProgress = (step: string) => Promise<void>;

export const ignoreProgress: IdentifyProgress = async () => undefined;
