import { describe, expect, it } from 'vitest';
import { ApiError, OFFLINE_MESSAGE, errorFromBody } from './http';

describe('api errors', () => {
  describe(errorFromBody.name, () => {
    const sut = errorFromBody;

    it("shows the gateway's own message as is", () => {
      const error = sut(415, JSON.stringify({ statusCode: 415, error: 'Unsupported Media Type', message: 'HEIC photos are not supported.' }));

      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 415, message: 'HEIC photos are not supported.' });
    });

    it('explains a server failure in plain words when a proxy answered with its own page', () => {
      expect(sut(502, '<html><body>Bad Gateway</body></html>').message).toBe('WildID had a problem on its side. Please try again in a minute.');
    });

    it('says to check the connection when there was no answer at all', () => {
      expect(sut(0, '').message).toBe(OFFLINE_MESSAGE);
    });

    it('names the status of any other unexplained refusal', () => {
      expect(sut(418, '').message).toBe('The request failed (HTTP 418). Please try again.');
    });
  });
});
