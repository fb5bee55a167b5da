import type { Deployment } from './camtrap-tables';
import { HIGHER_RANKS, type Taxon } from './taxon';

const CAMTRAP_DP = 'https://raw.githubusercontent.com/tdwg/camtrap-dp/1.0';
export const CAMTRAP_FILES = { deployments: 'deployments.csv', media: 'media.csv', observations: 'observations.csv' } as const;

/** Camtrap DP's taxonomic coverage: one entry per scientific name observed, collected while observations stream. */
export class TaxonomicCoverage {
  private readonly taxa = new Map<string, Record<string, unknown>>();

  add(taxon: Taxon | undefined): void {
    if (!taxon?.scientificName) return;
    const key = taxon.scientificName.trim().toLowerCase();
    if (this.taxa.has(key)) return;
    const entry: Record<string, unknown> = { scientificName: taxon.scientificName };
    if (taxon.taxonRank) entry.taxonRank = taxon.taxonRank;
    for (const rank of HIGHER_RANKS) if (taxon[rank]) entry[rank] = taxon[rank];
    // The model answers in English; a person's typed common name is taken as English too.
    if (taxon.vernacularName) entry.vernacularNames = { eng: taxon.vernacularName };
    this.taxa.set(key, entry);
  }

  list(): Array<Record<string, unknown>> {
    return [...this.taxa.values()];
  }
}

export interface PackageFacts {
  deployment: Deployment;
  /** The person exporting: the package's contact. */
  email: string;
  created: Date;
  taxonomic: TaxonomicCoverage;
}

/** datapackage.json: a Camtrap DP 1.0 descriptor for one camera trap (one deployment). */
export function dataPackage({ deployment, email, created, taxonomic }: PackageFacts): object {
  const resource = (name: keyof typeof CAMTRAP_FILES) => ({
    name,
    path: CAMTRAP_FILES[name],
    profile: 'tabular-data-resource',
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    schema: `${CAMTRAP_DP}/${name}-table-schema.json`,
  });
  return {
    resources: [resource('deployments'), resource('media'), resource('observations')],
    profile: `${CAMTRAP_DP}/camtrap-dp-profile.json`,
    name: packageName(deployment),
    id: deployment.id,
    created: created.toISOString(),
    title: deployment.name,
    contributors: [{ title: email, email, role: 'contact' }],
    description:
      'Exported from WildID. Observations are classified by a vision model (classificationMethod machine, with its probability) unless a person confirmed or corrected them (human).',
    sources: [{ title: 'WildID' }],
    project: {
      id: deployment.id,
      title: deployment.name,
      // WildID does not know how the cameras were placed or triggered: the most neutral values of each list.
      samplingDesign: 'opportunistic',
      captureMethod: ['activityDetection'],
      individualAnimals: false,
      observationLevel: ['media', 'event'],
    },
    spatial: { type: 'Point', coordinates: [deployment.longitude, deployment.latitude] },
    temporal: { start: deployment.start.slice(0, 10), end: deployment.end.slice(0, 10) },
    taxonomic: taxonomic.list(),
  };
}

/** Frictionless package names are lower-case letters, digits and `-._/`. */
function packageName(deployment: Deployment): string {
  const slug = deployment.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return `wildid-${slug || deployment.id}`;
}
