// Queue names are part of the data in Redis: renaming one strands every job
// already waiting under the old name. Change them only with a migration plan.
export const IDENTIFY_QUEUE = 'identify';
export const MAIL_QUEUE = 'mail';
export const MAINTENANCE_QUEUE = 'maintenance';
