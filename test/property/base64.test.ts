import fc from 'fast-check';
import { isBase64 } from '../../shared/core/base64';

describe('isBase64', () => {
  it('takes what Node encodes, any bytes, any length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (bytes) =>
        isBase64(Buffer.from(bytes).toString('base64')),
      ),
    );
  });

  it('refuses an encoding cut short by one character or carrying one outside the alphabet', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.constantFrom('-', '_', '{', ' ', '"', '.'),
        (bytes, foreign) => {
          const text = Buffer.from(bytes).toString('base64');
          return !isBase64(text.slice(1)) && !isBase64(`${foreign}${text.slice(1)}`);
        },
      ),
    );
  });

  it('refuses the empty text and a JSON login', () => {
    expect(isBase64('')).toBe(false);
    expect(isBase64('{"username":"a","password":"b"}')).toBe(false);
  });
});
