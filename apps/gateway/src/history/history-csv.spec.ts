import { validAnimalAnswer } from '@wildid/common/testing';
import { describe, expect, it } from 'vitest';
import { csvCell, historyCsvLine, neutraliseFormulas } from './history-csv';

describe('historyCsvLine', () => {
  it('quotes every field and neutralises a formula hidden after a separator', () => {
    const result = validAnimalAnswer({ commonName: 'x;=HYPERLINK("http://evil.example","click")', scientificName: '@SUM(A1)' });

    const line = historyCsvLine({ createdAt: new Date('2026-12-05T09:00:00.000Z'), status: 'completed', result });

    expect(line.startsWith('"2026-12-05T09:00:00.000Z","completed","x;\'=HYPERLINK(""http://evil.example"",""click"")","\'@SUM(A1)","0.93",')).toBe(true);
    expect(line.endsWith('"Vulpes vulpes","LC"')).toBe(true);
  });

  it('writes an empty quoted field for a missing value', () => {
    const line = historyCsvLine({ createdAt: new Date(0), status: 'failed', result: null });

    expect(line).toBe(`"1970-01-01T00:00:00.000Z","failed"${',""'.repeat(11)}`);
  });
});

describe('neutraliseFormulas', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['a,=b', "a,'=b"],
    ['a; +b', "a; '+b"],
    ['a;b,c', 'a;b,c'],
    ['Red-tailed hawk', 'Red-tailed hawk'],
  ])('turns %j into %j', (input, expected) => {
    expect(neutraliseFormulas(input)).toBe(expected);
  });
});

describe('csvCell', () => {
  it('doubles quotes and keeps line breaks inside the quotes', () => {
    expect(csvCell('say "hi"\nthere')).toBe('"say ""hi""\nthere"');
  });
});
