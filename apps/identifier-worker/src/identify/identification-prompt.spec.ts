import { animalResultJsonSchema } from '@wildid/common';
import { describe, expect, it } from 'vitest';
import {
  type PromptMessage,
  RESPONSE_FORMAT_NAME,
  buildCorrectionMessages,
  buildIdentificationMessages,
  identificationResponseFormat,
} from './identification-prompt';

const RESULT_FIELDS = [
  'isAnimal',
  'commonName',
  'scientificName',
  'confidence',
  'taxonomy',
  'alternatives',
  'description',
  'habitat',
  'diet',
  'conservationStatus',
  'safety',
  'rationale',
];

// JPEG SOI + APP0 marker and some bytes that need every base64 character class.
const IMAGE_BYTES = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xfb, 0xff, 0xfe, 0x3e, 0x3f]);

function imageUrlOf(messages: PromptMessage[]): string {
  const user = messages.find((message) => message.role === 'user');
  if (!user || typeof user.content === 'string') throw new Error('no multi-part user message');
  const part = user.content.find((p) => p.type === 'image_url');
  if (!part || part.type !== 'image_url') throw new Error('no image_url part');
  return part.image_url.url;
}

describe('identification prompt', () => {
  describe(buildIdentificationMessages.name, () => {
    const sut = buildIdentificationMessages;

    it('puts the image in an image_url part as a JPEG data URI', () => {
      const url = imageUrlOf(sut({ bytes: IMAGE_BYTES, mimeType: 'image/jpeg' }));

      expect(url).toMatch(/^data:image\/jpeg;base64,[A-Za-z0-9+/]+={0,2}$/);
    });

    it('encodes exactly the input bytes', () => {
      const url = imageUrlOf(sut({ bytes: IMAGE_BYTES, mimeType: 'image/jpeg' }));

      const decoded = Buffer.from(url.slice('data:image/jpeg;base64,'.length), 'base64');
      expect(new Uint8Array(decoded)).toEqual(IMAGE_BYTES);
    });

    it('accepts a Buffer as the bytes', () => {
      const url = imageUrlOf(sut({ bytes: Buffer.from(IMAGE_BYTES), mimeType: 'image/jpeg' }));

      expect(url).toBe(`data:image/jpeg;base64,${Buffer.from(IMAGE_BYTES).toString('base64')}`);
    });

    it('starts with a system message followed by the user message', () => {
      const messages = sut({ bytes: IMAGE_BYTES, mimeType: 'image/jpeg' });

      expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    });

    it('asks for JSON in the system message', () => {
      const [system] = sut({ bytes: IMAGE_BYTES, mimeType: 'image/jpeg' });

      expect(system?.role).toBe('system');
      expect(system?.content).toContain('JSON');
    });

    it.each(RESULT_FIELDS)('names the result field "%s" in the system message', (field) => {
      const [system] = sut({ bytes: IMAGE_BYTES, mimeType: 'image/jpeg' });

      expect(system?.content).toContain(`"${field}"`);
    });

    it('lists every IUCN code in the system message', () => {
      const [system] = sut({ bytes: IMAGE_BYTES, mimeType: 'image/jpeg' });

      for (const code of ['EX', 'EW', 'CR', 'EN', 'VU', 'NT', 'LC', 'DD', 'NE']) expect(system?.content).toContain(code);
    });

    it('keeps the system message free of the image', () => {
      const [system] = sut({ bytes: IMAGE_BYTES, mimeType: 'image/jpeg' });

      expect(system?.content).not.toContain('base64');
    });
  });

  describe(buildCorrectionMessages.name, () => {
    const sut = buildCorrectionMessages;

    it('returns the invalid answer as the assistant message', () => {
      const messages = sut('{"isAnimal": "maybe"}', 'isAnimal: expected boolean');

      expect(messages[0]).toEqual({ role: 'assistant', content: '{"isAnimal": "maybe"}' });
    });

    it('follows with a user message that contains the problem and asks for JSON', () => {
      const messages = sut('{"isAnimal": "maybe"}', 'isAnimal: expected boolean');

      expect(messages).toHaveLength(2);
      expect(messages[1]?.role).toBe('user');
      expect(messages[1]?.content).toContain('isAnimal: expected boolean');
      expect(messages[1]?.content).toContain('JSON');
    });

    it('stands in a placeholder for an empty answer', () => {
      const messages = sut('', 'the answer was empty');

      expect(messages[0]).toEqual({ role: 'assistant', content: '(empty answer)' });
    });
  });

  describe('identificationResponseFormat', () => {
    const sut = identificationResponseFormat;

    it('is a json_schema response format', () => {
      expect(sut.type).toBe('json_schema');
      expect(sut.json_schema.name).toBe(RESPONSE_FORMAT_NAME);
    });

    it('carries the animal result JSON schema', () => {
      expect(sut.json_schema.schema).toBe(animalResultJsonSchema);
    });

    it('asks for strict schema adherence', () => {
      expect(sut.json_schema.strict).toBe(true);
    });
  });
});
