import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { noAnimalAnswer, validAnimalAnswer, type FakeStep } from '@wildid/common/testing';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, asBrowser } from './support/accounts';
import { BatchClient } from './support/batches';
import { csvObjects, parseCsv } from './support/csv';
import { makeJpeg } from './support/images';
import { type SignedInStack, startSignedInStack, uploadAs } from './support/signed-in-stack';
import { type TableSchema, rowJsonSchema, typedRow } from './support/table-schema';
import { eventually } from './support/waiting';
import { unzipText } from './support/zips';

const SECRET_KEY = 'exports-test-secret-0123456789abcdef0123456789';
const MODEL = 'Qwen/Qwen3.5-9B';
// Tests run from the repository root.
const STANDARDS = resolve('test/fixtures/standards');
const camtrapSchema = (name: string) => JSON.parse(readFileSync(resolve(STANDARDS, 'camtrap-dp-1.0', name), 'utf8')) as Record<string, unknown>;
const DWC_TERMS = new Set(readFileSync(resolve(STANDARDS, 'dwc/recommended-term-iris.txt'), 'utf8').split('\n').filter(Boolean));

// Separators, quotes, a tab, a newline and formula starts, as a person might type them into a correction.
const HOSTILE = '=HYPERLINK("http://evil.example"),\t"Badger"; @x\nline two';
const HOSTILE_NEUTRALISED = `'=HYPERLINK("http://evil.example"),'\t"Badger"; '@x\nline two`;
const HOSTILE_RATIONALE = '+cmd|" /C calc"!A0, said the model;\r\nreally';

let seed = 900;

/** A photo whose EXIF says when it was taken (in the batch's zone), or none at all. */
async function photo(when?: string): Promise<Buffer> {
  const plain = await makeJpeg({ seed: seed++, width: 80, height: 60 });
  return when ? sharp(plain).withExif({ IFD0: { Make: 'TrailCam' }, IFD2: { DateTimeOriginal: when } }).jpeg().toBuffer() : plain;
}

describe('exports: CSV, Darwin Core Archive and Camtrap DP, streamed to the owner', () => {
  let env: SignedInStack;
  let browser: Browser;
  let alice: BatchClient;
  let bob: Browser;
  let trapId: string;
  let tripId: string;
  let singleId: string;
  /** Photo ids of the camera trap by file name. */
  const ids: Record<string, string> = {};

  /** GET as this browser (alice's by default), or anonymously with null. */
  async function get(path: string, who: Browser | null = browser): Promise<Response> {
    return fetch(env.url(path), { headers: who ? asBrowser(who) : {} });
  }

  async function zipAt(path: string): Promise<Record<string, string>> {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    return unzipText(Buffer.from(await response.arrayBuffer()));
  }

  async function review(id: string, body: Record<string, unknown>): Promise<void> {
    const response = await fetch(env.url(`/api/identifications/${id}/review`), {
      method: 'PUT',
      headers: asBrowser(browser, { 'content-type': 'application/json' }),
      body: JSON.stringify(body),
    });
    expect(response.status, await response.clone().text()).toBe(200);
  }

  /** Uploads one photo with the model's answer scripted, and waits until it is identified. */
  async function added(batchId: string, name: string, bytes: Buffer, answer: FakeStep): Promise<string> {
    env.stack.fake.script(answer);
    const { body } = await alice.upload(batchId, [{ name, bytes }]);
    expect(body.rejected).toEqual([]);
    const id = body.accepted[0]!.id;
    await eventually(async () => (await alice.photos(batchId, { limit: '200' })).body.items.find((item) => item.id === id)?.status === 'completed', `${name} identified`);
    return id;
  }

  const answer = (content: object): FakeStep => ({ kind: 'answer', content });

  beforeAll(async () => {
    env = await startSignedInStack({ secretKey: SECRET_KEY, gatewayEnv: { BURST_GAP_SECONDS: '60' } });
    browser = await env.signIn('exporter@example.org');
    bob = await env.signIn('bob-exports@example.org');
    alice = new BatchClient(env.stack.gatewayUrl, browser);

    const trap = await alice.created({ name: 'North gate', kind: 'camera-trap', timezone: 'Europe/Amsterdam', location: { latitude: 52.1, longitude: 4.3, uncertaintyMeters: 30 } });
    trapId = trap.id;
    const shots: Array<[string, string | undefined, object]> = [
      // Event 1: two fox photos 20 s apart, the model surer on the second.
      ['e1a.jpg', '2026:07:03 06:10:00', validAnimalAnswer({ confidence: 0.6 })],
      ['e1b.jpg', '2026:07:03 06:10:20', validAnimalAnswer({ confidence: 0.9 })],
      // Event 2: a badger the person corrects with a typed name, and a blank.
      ['e2a.jpg', '2026:07:03 07:00:00', validAnimalAnswer({ confidence: 0.5, rationale: HOSTILE_RATIONALE })],
      ['e2b.jpg', '2026:07:03 07:00:30', noAnimalAnswer()],
      // Event 3: blanks only.
      ['e3a.jpg', '2026:07:03 08:00:00', noAnimalAnswer()],
      ['e3b.jpg', '2026:07:03 08:00:10', noAnimalAnswer()],
      // Event 4: a fox the person confirms.
      ['e4.jpg', '2026:07:03 09:00:00', validAnimalAnswer()],
      // No EXIF at all: no capture time, no event.
      ['noexif.jpg', undefined, validAnimalAnswer({ confidence: 0.7 })],
    ];
    for (const [name, when, content] of shots) ids[name] = await added(trapId, name, await photo(when), answer(content));
    await review(ids['e2a.jpg']!, { verdict: 'corrected', scientificName: 'Meles meles', commonName: HOSTILE, note: HOSTILE });
    await review(ids['e4.jpg']!, { verdict: 'confirmed' });

    const trip = await alice.created({ name: 'Walk', kind: 'trip', timezone: 'UTC', location: { latitude: 48.85, longitude: 2.35 } });
    tripId = trip.id;
    ids['walk.jpg'] = await added(tripId, 'walk.jpg', await photo('2026:06:01 12:00:00'), answer(validAnimalAnswer()));

    env.stack.fake.script(answer(validAnimalAnswer({ commonName: 'Grey wolf', scientificName: 'Canis lupus', rationale: HOSTILE_RATIONALE })));
    singleId = (await uploadAs(env.stack.gatewayUrl, browser)).id;
    await eventually(async () => {
      const history = (await (await get('/api/me/identifications')).json()) as { items: Array<{ id: string; status: string }> };
      return history.items.find((item) => item.id === singleId)?.status === 'completed';
    }, 'single upload identified');
  });
  afterAll(() => env?.stop());

  it('exports a batch as CSV: capture time, place, batch, event, review and method, the typed name neutralised for spreadsheets', async () => {
    const response = await get(`/api/batches/${trapId}/export?format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="wildid-batch-${trapId}.csv"`);
    const { header, rows } = csvObjects(await response.text());

    expect(header.slice(0, 13)).toEqual(['date', 'status', 'common_name', 'scientific_name', 'confidence', 'kingdom', 'phylum', 'class', 'order', 'family', 'genus', 'species', 'conservation_status']);
    expect(rows.map((row) => row.file_name)).toEqual(['e1a.jpg', 'e1b.jpg', 'e2a.jpg', 'e2b.jpg', 'e3a.jpg', 'e3b.jpg', 'e4.jpg', 'noexif.jpg']);
    const byName = Object.fromEntries(rows.map((row) => [row.file_name, row]));
    expect(byName['e1a.jpg']).toMatchObject({ captured_at: '2026-07-03T06:10:00+02:00', latitude: '52.1', longitude: '4.3', coordinate_uncertainty_m: '30', country: 'NL', batch: 'North gate', event_id: ids['e1a.jpg'], method: 'machine', review: '' });
    expect(byName['e1b.jpg']!.event_id).toBe(ids['e1a.jpg']);
    expect(byName['e2a.jpg']).toMatchObject({
      common_name: 'Red fox',
      review: 'corrected',
      review_note: HOSTILE_NEUTRALISED,
      reviewed_by: 'exporter@example.org',
      identified_as_common_name: HOSTILE_NEUTRALISED,
      identified_as_scientific_name: 'Meles meles',
      method: 'human',
    });
    expect(byName['e4.jpg']).toMatchObject({ review: 'confirmed', identified_as_scientific_name: 'Vulpes vulpes', method: 'human' });
    expect(byName['noexif.jpg']).toMatchObject({ captured_at: '', event_id: '', latitude: '52.1' });
  });

  it('exports a camera trap as a Darwin Core Archive: one occurrence per event with an animal, meta.xml mapping each column to its term', async () => {
    const files = await zipAt(`/api/batches/${trapId}/export?format=dwca`);
    expect(Object.keys(files).sort()).toEqual(['eml.xml', 'meta.xml', 'occurrence.txt']);

    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'field' });
    const core = xml.parse(files['meta.xml']!).archive.core;
    expect(core).toMatchObject({ encoding: 'UTF-8', fieldsTerminatedBy: ',', fieldsEnclosedBy: '"', linesTerminatedBy: '\\n', ignoreHeaderLines: '1', rowType: 'http://rs.tdwg.org/dwc/terms/Occurrence' });
    expect(DWC_TERMS.has(core.rowType)).toBe(true);
    expect(core.files.location).toBe('occurrence.txt');
    const [header, ...lines] = parseCsv(files['occurrence.txt']!);
    expect(header![Number(core.id.index)]).toBe('occurrenceID');
    const fields = core.field as Array<{ index: string; term: string }>;
    expect(fields).toHaveLength(header!.length);
    for (const field of fields) {
      expect(DWC_TERMS.has(field.term), `${field.term} is a Darwin Core term`).toBe(true);
      expect(header![Number(field.index)]).toBe(field.term.split('/').pop());
    }
    expect(lines.every((line) => line.length === header!.length)).toBe(true);

    const occurrences = lines.map((line) => Object.fromEntries(header!.map((name, index) => [name, line[index]!])));
    const byId = Object.fromEntries(occurrences.map((occurrence) => [occurrence.occurrenceID, occurrence]));
    // Events 1, 2 and 4 and the photo without a time; the blank event 3 is not an occurrence.
    expect(Object.keys(byId).sort()).toEqual(['e1a.jpg', 'e2a.jpg', 'e4.jpg', 'noexif.jpg'].map((name) => `urn:uuid:${ids[name]}`).sort());
    expect(occurrences.every((occurrence) => occurrence.basisOfRecord === 'MachineObservation')).toBe(true);
    expect(byId[`urn:uuid:${ids['e1a.jpg']}`]).toMatchObject({
      eventID: ids['e1a.jpg'],
      eventDate: '2026-07-03T06:10:00+02:00/2026-07-03T06:10:20+02:00',
      scientificName: 'Vulpes vulpes',
      vernacularName: 'Red fox',
      taxonRank: 'species',
      kingdom: 'Animalia',
      genus: 'Vulpes',
      decimalLatitude: '52.1',
      decimalLongitude: '4.3',
      geodeticDatum: 'WGS84',
      coordinateUncertaintyInMeters: '30',
      countryCode: 'NL',
      identifiedBy: MODEL,
      identificationVerificationStatus: 'unverified',
      associatedMedia: '',
    });
    const corrected = byId[`urn:uuid:${ids['e2a.jpg']}`]!;
    expect(corrected).toMatchObject({ scientificName: 'Meles meles', vernacularName: HOSTILE, identifiedBy: 'exporter@example.org', identificationVerificationStatus: 'corrected', kingdom: '' });
    expect(corrected.identificationRemarks).toBe(`${HOSTILE} | Model's rationale: ${HOSTILE_RATIONALE}`);
    expect(byId[`urn:uuid:${ids['e4.jpg']}`]).toMatchObject({ identifiedBy: 'exporter@example.org', identificationVerificationStatus: 'verified', eventDate: '2026-07-03T09:00:00+02:00' });
    expect(byId[`urn:uuid:${ids['noexif.jpg']}`]).toMatchObject({ eventDate: '', scientificName: 'Vulpes vulpes' });

    const eml = xml.parse(files['eml.xml']!)['eml:eml'];
    expect(eml).toMatchObject({ packageId: trapId, dataset: { title: 'North gate', contact: { electronicMailAddress: 'exporter@example.org' } } });
  });

  it('adds image links to the Darwin Core Archive only when asked, and they open for the owner', async () => {
    const files = await zipAt(`/api/batches/${trapId}/export?format=dwca&includeImageLinks=true`);
    const { rows } = csvObjects(files['occurrence.txt']!);
    const event = rows.find((row) => row.occurrenceID === `urn:uuid:${ids['e1a.jpg']}`)!;
    const links = [ids['e1a.jpg'], ids['e1b.jpg']].map((id) => `${env.stack.gatewayUrl}/api/identifications/${id}/image`);

    expect(event.associatedMedia).toBe(links.join(' | '));
    const image = await fetch(links[0]!, { headers: asBrowser(browser) });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
  });

  it('exports a camera trap as Camtrap DP 1.0 that validates against the published schemas', async () => {
    const files = await zipAt(`/api/batches/${trapId}/export?format=camtrap-dp`);
    expect(Object.keys(files).sort()).toEqual(['datapackage.json', 'deployments.csv', 'media.csv', 'observations.csv']);

    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    const tables: Record<string, Array<Record<string, string>>> = {};
    const accepts: Record<string, (row: Record<string, string>) => boolean> = {};
    for (const name of ['deployments', 'media', 'observations']) {
      const schema = camtrapSchema(`${name}-table-schema.json`) as unknown as TableSchema;
      const { header, rows } = csvObjects(files[`${name}.csv`]!);
      expect(header).toEqual(schema.fields.map((field) => field.name));
      const validRow = ajv.compile(rowJsonSchema(schema));
      for (const row of rows) expect(validRow(typedRow(schema, row)) ? [] : validRow.errors, `${name}: ${JSON.stringify(row)}`).toEqual([]);
      // The check has teeth: a row without a required field, or with a value outside its enum, is refused.
      const required = schema.fields.find((field) => field.constraints?.required)!.name;
      expect(validRow(typedRow(schema, { ...rows[0]!, [required]: '' }))).toBe(false);
      for (const field of schema.fields.filter((each) => each.constraints?.unique)) {
        expect(new Set(rows.map((row) => row[field.name])).size, `${name}.${field.name} unique`).toBe(rows.length);
      }
      tables[name] = rows;
      accepts[name] = (row) => validRow(typedRow(schema, row));
    }
    const { deployments, media, observations } = tables as Record<string, Array<Record<string, string>>>;

    // The profile's own part (the Frictionless and GeoJSON bases it $refs are not copied: see the fixtures' README).
    const profile = camtrapSchema('camtrap-dp-profile.json') as { $defs: object; allOf: [object, Record<string, unknown>] };
    const ownPart = JSON.parse(JSON.stringify(profile.allOf[1]).replace('"#$defs/version"', '"#/$defs/version"'));
    delete ownPart.properties.spatial.$ref;
    const validPackage = ajv.compile({ ...ownPart, $defs: profile.$defs });
    const descriptor = JSON.parse(files['datapackage.json']!) as Record<string, any>;
    expect(validPackage(descriptor) ? [] : validPackage.errors).toEqual([]);
    expect(validPackage({ ...descriptor, taxonomic: undefined, project: { ...descriptor.project, samplingDesign: 'anywhere' } })).toBe(false);
    expect(accepts.observations!({ ...observations![0]!, observationType: 'ghost' })).toBe(false);
    expect(descriptor.name).toMatch(/^[-a-z0-9._/]+$/);
    expect(descriptor.resources.map((resource: { path: string }) => resource.path)).toEqual(['deployments.csv', 'media.csv', 'observations.csv']);
    expect(descriptor.spatial).toEqual({ type: 'Point', coordinates: [4.3, 52.1] });
    expect(descriptor.temporal).toEqual({ start: '2026-07-03', end: '2026-07-03' });
    expect(descriptor.taxonomic).toEqual([
      { scientificName: 'Vulpes vulpes', taxonRank: 'species', kingdom: 'Animalia', phylum: 'Chordata', class: 'Mammalia', order: 'Carnivora', family: 'Canidae', genus: 'Vulpes', vernacularNames: { eng: 'Red fox' } },
      { scientificName: 'Meles meles', taxonRank: 'species', vernacularNames: { eng: HOSTILE } },
    ]);

    expect(deployments).toHaveLength(1);
    expect(deployments[0]).toMatchObject({
      deploymentID: trapId, locationName: 'North gate', latitude: '52.1', longitude: '4.3', coordinateUncertainty: '30',
      deploymentStart: '2026-07-03T06:10:00+02:00', deploymentEnd: '2026-07-03T09:00:00+02:00',
      deploymentComments: '1 photo(s) without a capture time (no EXIF date) are not included.',
    });
    // The photo without a time is left out: Camtrap DP requires a timestamp for every media file.
    expect(media.map((row) => row.fileName)).toEqual(['e1a.jpg', 'e1b.jpg', 'e2a.jpg', 'e2b.jpg', 'e3a.jpg', 'e3b.jpg', 'e4.jpg']);
    expect(media[0]).toMatchObject({ mediaID: ids['e1a.jpg'], deploymentID: trapId, timestamp: '2026-07-03T06:10:00+02:00', filePath: 'e1a.jpg', filePublic: 'false', fileMediatype: 'image/jpeg' });
    const mediaIds = new Set(media.map((row) => row.mediaID));
    expect(observations.filter((row) => row.mediaID).every((row) => mediaIds.has(row.mediaID!))).toBe(true);

    const mediaLevel = Object.fromEntries(observations.filter((row) => row.observationLevel === 'media').map((row) => [row.mediaID, row]));
    const eventLevel = Object.fromEntries(observations.filter((row) => row.observationLevel === 'event').map((row) => [row.eventID, row]));
    expect(Object.keys(mediaLevel)).toHaveLength(7);
    expect(Object.keys(eventLevel).sort()).toEqual(['e1a.jpg', 'e2a.jpg', 'e3a.jpg', 'e4.jpg'].map((name) => ids[name]).sort());
    expect(mediaLevel[ids['e1a.jpg']!]).toMatchObject({ observationType: 'animal', scientificName: 'Vulpes vulpes', classificationMethod: 'machine', classifiedBy: MODEL, classificationProbability: '0.6' });
    expect(mediaLevel[ids['e2b.jpg']!]).toMatchObject({ observationType: 'blank', scientificName: '', classificationMethod: 'machine', eventID: ids['e2a.jpg'] });
    expect(eventLevel[ids['e1a.jpg']!]).toMatchObject({
      eventStart: '2026-07-03T06:10:00+02:00', eventEnd: '2026-07-03T06:10:20+02:00', observationType: 'animal', scientificName: 'Vulpes vulpes',
      classificationMethod: 'machine', classifiedBy: MODEL, classificationProbability: '0.9', mediaID: '',
    });
    expect(eventLevel[ids['e2a.jpg']!]).toMatchObject({ observationType: 'animal', scientificName: 'Meles meles', classificationMethod: 'human', classifiedBy: 'exporter@example.org', classificationProbability: '', observationComments: HOSTILE });
    expect(eventLevel[ids['e3a.jpg']!]).toMatchObject({ observationType: 'blank', eventEnd: '2026-07-03T08:00:10+02:00' });
    expect(eventLevel[ids['e4.jpg']!]).toMatchObject({ observationType: 'animal', classificationMethod: 'human', classifiedBy: 'exporter@example.org' });
    expect(eventLevel[ids['e4.jpg']!]!.classificationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('links the media files in Camtrap DP when asked', async () => {
    const files = await zipAt(`/api/batches/${trapId}/export?format=camtrap-dp&includeImageLinks=true`);
    const { rows } = csvObjects(files['media.csv']!);

    expect(rows[0]!.filePath).toBe(`${env.stack.gatewayUrl}/api/identifications/${ids['e1a.jpg']}/image`);
  });

  it('exports a trip as a Darwin Core Archive of HumanObservations, and refuses Camtrap DP for it', async () => {
    const files = await zipAt(`/api/batches/${tripId}/export?format=dwca`);
    const { rows } = csvObjects(files['occurrence.txt']!);

    expect(rows).toEqual([expect.objectContaining({ occurrenceID: `urn:uuid:${ids['walk.jpg']}`, basisOfRecord: 'HumanObservation', eventDate: '2026-06-01T12:00:00+00:00', countryCode: 'FR' })]);
    const refused = await get(`/api/batches/${tripId}/export?format=camtrap-dp`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toBe('Camtrap DP is for camera-trap batches and this one is a trip: export it as csv or dwca.');
  });

  it('exports the whole history as CSV and as a Darwin Core Archive, camera-trap photos as their events', async () => {
    const csv = await get('/api/me/identifications/export?format=csv');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="wildid-history.csv"');
    const { rows } = csvObjects(await csv.text());
    expect(rows.map((row) => row.id).sort()).toEqual([...Object.values(ids), singleId].sort());
    expect(rows[0]).toMatchObject({ id: singleId, batch: '', common_name: 'Grey wolf', method: 'machine' });

    const files = await zipAt('/api/me/identifications/export?format=dwca');
    const occurrences = csvObjects(files['occurrence.txt']!).rows;
    expect(occurrences.map((row) => row.occurrenceID)).toEqual(
      [singleId, ids['walk.jpg'], ...['e1a.jpg', 'e2a.jpg', 'e4.jpg', 'noexif.jpg'].map((name) => ids[name])].map((id) => `urn:uuid:${id}`),
    );
    expect(occurrences[0]).toMatchObject({ basisOfRecord: 'HumanObservation', scientificName: 'Canis lupus', identificationRemarks: `Model's rationale: ${HOSTILE_RATIONALE}` });
  });

  it('refuses Camtrap DP for a camera trap without capture times or without a place, saying what to do', async () => {
    const untimed = await alice.created({ name: 'Card without dates', kind: 'camera-trap', location: { latitude: 52.1, longitude: 4.3 } });
    expect((await alice.upload(untimed.id, [{ name: 'plain.jpg', bytes: await photo() }])).body.accepted).toHaveLength(1);
    const placeless = await alice.created({ name: 'Camera somewhere', kind: 'camera-trap', timezone: 'UTC' });
    expect((await alice.upload(placeless.id, [{ name: 'dated.jpg', bytes: await photo('2026:07:03 06:10:00') }])).body.accepted).toHaveLength(1);

    const noTimes = await get(`/api/batches/${untimed.id}/export?format=camtrap-dp`);
    const noPlace = await get(`/api/batches/${placeless.id}/export?format=camtrap-dp`);

    expect(noTimes.status).toBe(400);
    expect(((await noTimes.json()) as { message: string }).message).toMatch(/^Camtrap DP needs capture times/);
    expect(noPlace.status).toBe(400);
    expect(((await noPlace.json()) as { message: string }).message).toMatch(/^Camtrap DP needs where the camera stood: set the batch's location/);
  });

  it('answers only the owner, and says what to send', async () => {
    expect((await get(`/api/batches/${trapId}/export?format=csv`, null)).status).toBe(401);
    expect((await get('/api/me/identifications/export?format=dwca', null)).status).toBe(401);
    expect((await get(`/api/batches/${trapId}/export?format=csv`, bob)).status).toBe(404);
    expect((await get('/api/batches/00000000-0000-4000-8000-000000000000/export?format=csv')).status).toBe(404);
    expect((await get('/api/batches/not-a-uuid/export?format=csv')).status).toBe(404);

    const history = await get('/api/me/identifications/export?format=camtrap-dp');
    expect(history.status).toBe(400);
    expect(((await history.json()) as { message: string }).message).toMatch(/^Send format=csv or format=dwca.*Camtrap DP is for one camera-trap batch/);
    expect((await get(`/api/batches/${trapId}/export?format=xlsx`)).status).toBe(400);
    expect((await get(`/api/batches/${trapId}/export?format=csv&includeImageLinks=yes`)).status).toBe(400);
    // Bob's history has nothing: a header and no rows.
    expect(parseCsv(await (await get('/api/me/identifications/export?format=csv', bob)).text())).toHaveLength(1);
  });
});
