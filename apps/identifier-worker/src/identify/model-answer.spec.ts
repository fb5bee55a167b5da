import { describe, expect, it } from 'vitest';
import { parseModelAnswer } from './model-answer';

const VALID = { isAnimal: true, commonName: 'Red fox', scientificName: 'Vulpes vulpes', confidence: 0.9, conservationStatus: 'LC' };

describe('model answer', () => {
  describe(parseModelAnswer.name, () => {
    const sut = parseModelAnswer;

    it('reads valid JSON as the result', () => {
      expect(sut(JSON.stringify(VALID))).toEqual({ ok: true, result: VALID });
    });

    it('reads valid JSON surrounded by whitespace', () => {
      expect(sut(`\n  ${JSON.stringify(VALID, null, 2)}  \n`)).toEqual({ ok: true, result: VALID });
    });

    it('reads JSON inside a ```json fence', () => {
      expect(sut(`\`\`\`json\n${JSON.stringify(VALID, null, 2)}\n\`\`\``)).toEqual({ ok: true, result: VALID });
    });

    it('reads JSON inside an upper-case ```JSON fence', () => {
      expect(sut('```JSON\n{"isAnimal":false}\n```')).toEqual({ ok: true, result: { isAnimal: false } });
    });

    it('reads JSON inside a bare ``` fence', () => {
      expect(sut(`\`\`\`\n${JSON.stringify(VALID)}\n\`\`\``)).toEqual({ ok: true, result: VALID });
    });

    it('drops keys the schema does not know', () => {
      expect(sut('{"isAnimal": false, "mood": "happy"}')).toEqual({ ok: true, result: { isAnimal: false } });
    });

    it.each([
      ['an empty string', ''],
      ['whitespace', ' \n\t '],
      ['null', null],
      ['undefined', undefined],
    ])('says the answer was empty for %s', (_label, content) => {
      expect(sut(content)).toEqual({ ok: false, problem: 'the answer was empty' });
    });

    it.each([
      ['prose', 'It looks like a red fox.'],
      ['truncated JSON', '{"isAnimal": true, "commonName": "Red f'],
      ['prose before a fence', `Here you go:\n\`\`\`json\n${JSON.stringify(VALID)}\n\`\`\``],
    ])('says the answer was not JSON for %s', (_label, content) => {
      expect(sut(content)).toEqual({ ok: false, problem: 'the answer was not valid JSON' });
    });

    it('names the bad path when the JSON breaks the schema', () => {
      const answer = sut('{"isAnimal": true, "confidence": 1.5}');

      expect(answer.ok).toBe(false);
      if (answer.ok) return;
      expect(answer.problem).toMatch(/^the JSON did not match the schema \(/);
      expect(answer.problem).toContain('confidence:');
    });

    it('names a nested bad path with dots', () => {
      const answer = sut('{"isAnimal": true, "alternatives": [{"commonName": ""}]}');

      expect(answer.ok).toBe(false);
      if (answer.ok) return;
      expect(answer.problem).toContain('alternatives.0.commonName:');
    });

    it('names a missing isAnimal', () => {
      const answer = sut('{"commonName": "Red fox"}');

      expect(answer.ok).toBe(false);
      if (answer.ok) return;
      expect(answer.problem).toContain('isAnimal:');
    });

    it('calls the path root when the JSON is not an object', () => {
      const answer = sut('[1, 2, 3]');

      expect(answer.ok).toBe(false);
      if (answer.ok) return;
      expect(answer.problem).toContain('root:');
    });

    it('lists at most five issues', () => {
      const answer = sut(
        JSON.stringify({
          isAnimal: 'yes',
          commonName: '',
          scientificName: '',
          confidence: 7,
          description: '',
          habitat: '',
          diet: '',
        }),
      );

      expect(answer.ok).toBe(false);
      if (answer.ok) return;
      expect(answer.problem.split('; ')).toHaveLength(5);
    });
  });
});
