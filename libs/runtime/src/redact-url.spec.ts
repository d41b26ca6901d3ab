import { redactUrl } from './redact-url';

describe(redactUrl.name, () => {
  it('hides the user and password of a URL and keeps the rest', () => {
    expect(redactUrl('mqtt://lobby-central:s3cret@broker:1883')).toBe('mqtt://***@broker:1883');
    expect(redactUrl('mqtts://agent:p%40ss@atm.example:8883/xfs')).toBe('mqtts://***@atm.example:8883/xfs');
    expect(redactUrl('postgres://app:pw@db/lobby?sslmode=require')).toBe('postgres://***@db/lobby?sslmode=require');
  });

  it('leaves a URL without credentials as it is, and an @ after the host alone', () => {
    expect(redactUrl('mqtt://127.0.0.1:1883')).toBe('mqtt://127.0.0.1:1883');
    expect(redactUrl('http://host/path?mail=a@b')).toBe('http://host/path?mail=a@b');
  });
});
