import { fileLines, mapped } from './async-lines';
import { CAMTRAP_FILES, TaxonomicCoverage, dataPackage } from './camtrap-package';
import {
  DEPLOYMENT_FIELDS,
  type Deployment,
  MEDIA_FIELDS,
  type MediaPath,
  OBSERVATION_FIELDS,
  deploymentRow,
  eventObservationRow,
  mediaObservationRow,
  mediaRow,
  tableHeader,
  tableLine,
} from './camtrap-tables';
import { withEvents } from './event-summary';
import type { ExportRecord } from './export-record';
import { taxonOf } from './taxon';
import type { ZipSource } from './zip-writer';

/** A new pass, in capture order, over the deployment's photos that have a capture time. */
export type TimedPhotos = () => AsyncIterable<ExportRecord>;

/**
 * The files of a Camtrap DP package: deployments.csv, media.csv and observations.csv (two passes over the photos),
 * then datapackage.json, written last because it lists the taxa the observations held.
 */
export async function* camtrapEntries(deployment: Deployment, email: string, photos: TimedPhotos, mediaPath: MediaPath): AsyncGenerator<ZipSource> {
  yield { name: CAMTRAP_FILES.deployments, content: `${tableHeader(DEPLOYMENT_FIELDS)}\r\n${tableLine(DEPLOYMENT_FIELDS, deploymentRow(deployment))}\r\n` };
  const media = mapped(photos(), (record) => tableLine(MEDIA_FIELDS, mediaRow(record, deployment.id, mediaPath)));
  yield { name: CAMTRAP_FILES.media, content: fileLines(tableHeader(MEDIA_FIELDS), media) };
  const taxonomic = new TaxonomicCoverage();
  yield { name: CAMTRAP_FILES.observations, content: fileLines(tableHeader(OBSERVATION_FIELDS), observationLines(deployment.id, photos(), taxonomic)) };
  yield { name: 'datapackage.json', content: `${JSON.stringify(dataPackage({ deployment, email, created: new Date(), taxonomic }), null, 2)}\n` };
}

/** Each photo's observation, and after an event's last photo the event's; the named taxa are noted on the way. */
async function* observationLines(deploymentId: string, photos: AsyncIterable<ExportRecord>, taxonomic: TaxonomicCoverage): AsyncGenerator<string> {
  for await (const item of withEvents(photos)) {
    if ('record' in item) {
      if (item.record.identifiedAs) taxonomic.add(taxonOf(item.record));
      yield tableLine(OBSERVATION_FIELDS, mediaObservationRow(item.record, deploymentId));
    } else {
      yield tableLine(OBSERVATION_FIELDS, eventObservationRow(item.event, deploymentId));
    }
  }
}

const MEDIATYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif' };

/**
 * Without links, a photo's path is its name in the upload, relative as Camtrap DP requires (no leading `.`, `/` or
 * `~`, no `..`); a name that is not such a path is replaced by the photo's id.
 */
export function localMediaPath(record: ExportRecord): { path: string; mediatype: string } {
  const name = record.fileName ?? '';
  const path = name && /^[^./~]/.test(name) && !name.includes('..') && !/[\r\n]/.test(name) ? name : `${record.id}.jpg`;
  return { path, mediatype: MEDIATYPES[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'image/jpeg' };
}
