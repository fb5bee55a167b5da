import { describe, expect, it } from 'vitest';
import { csvCell, exactMinimalCell, exactQuotedCell, neutraliseFormulas } from './csv-cells';

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

  it('neutralises a formula start and writes a missing value as an empty quoted field', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell(undefined)).toBe('""');
  });
});

describe('exactQuotedCell', () => {
  it('keeps the text exactly, formula starts included', () => {
    expect(exactQuotedCell('=HYPERLINK("x"),\n;@')).toBe('"=HYPERLINK(""x""),\n;@"');
    expect(exactQuotedCell(0.5)).toBe('"0.5"');
    expect(exactQuotedCell(undefined)).toBe('""');
  });
});

describe('exactMinimalCell', () => {
  it('quotes only text with a comma, a quote or a line break, and leaves a missing value empty', () => {
    expect(exactMinimalCell('Vulpes vulpes')).toBe('Vulpes vulpes');
    expect(exactMinimalCell('a,"b"\r\nc')).toBe('"a,""b""\r\nc"');
    expect(exactMinimalCell(false)).toBe('false');
    expect(exactMinimalCell(undefined)).toBe('');
  });
});
