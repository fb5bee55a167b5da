import { OCCURRENCE_COLUMNS, termOf } from './dwc-occurrence';

export const OCCURRENCE_FILE = 'occurrence.txt';

/**
 * The archive descriptor: occurrence.txt is comma-separated, every field enclosed in double quotes (a quote inside
 * doubled), lines ending in a line feed, one header line; column i is OCCURRENCE_COLUMNS[i], the first the id.
 */
export function metaXml(): string {
  const fields = OCCURRENCE_COLUMNS.map((column, index) => `    <field index="${index}" term="${termOf(column)}"/>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<archive xmlns="http://rs.tdwg.org/dwc/text/" metadata="eml.xml">',
    '  <core encoding="UTF-8" fieldsTerminatedBy="," linesTerminatedBy="\\n" fieldsEnclosedBy="&quot;" ignoreHeaderLines="1" rowType="http://rs.tdwg.org/dwc/terms/Occurrence">',
    `    <files><location>${OCCURRENCE_FILE}</location></files>`,
    '    <id index="0"/>',
    ...fields,
    '  </core>',
    '</archive>',
    '',
  ].join('\n');
}

export interface DatasetDescription {
  /** Stable for the same data: the batch's id, or the person's for their history. */
  packageId: string;
  title: string;
  /** The person exporting: creator and contact. */
  email: string;
  published: Date;
}

/** Minimal EML 2.1.1 (GBIF profile): title, creator, date, abstract and contact, the elements a dataset needs. */
export function emlXml(dataset: DatasetDescription): string {
  const email = `<electronicMailAddress>${xmlText(dataset.email)}</electronicMailAddress>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<eml:eml xmlns:eml="eml://ecoinformatics.org/eml-2.1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '  xsi:schemaLocation="eml://ecoinformatics.org/eml-2.1.1 http://rs.gbif.org/schema/eml-gbif-profile/1.1/eml.xsd"',
    `  packageId="${xmlText(dataset.packageId)}" system="WildID" scope="system" xml:lang="en">`,
    '  <dataset>',
    `    <title>${xmlText(dataset.title)}</title>`,
    `    <creator>${email}</creator>`,
    `    <pubDate>${dataset.published.toISOString().slice(0, 10)}</pubDate>`,
    '    <language>en</language>',
    '    <abstract><para>Animal identifications made with WildID: a vision model named each photo; where a person confirmed or corrected the name, identifiedBy is that person, else the model. Camera-trap bursts are one occurrence each (MachineObservation); photos with no animal are left out.</para></abstract>',
    `    <contact>${email}</contact>`,
    '  </dataset>',
    '</eml:eml>',
    '',
  ].join('\n');
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
