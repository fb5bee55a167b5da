/** The review queue is keyset-paged by (createdAt, id) like the history, oldest first: the same cursor. */
export { type HistoryCursor as ReportCursor, decodeCursor, encodeCursor } from '../history/history-cursor';
