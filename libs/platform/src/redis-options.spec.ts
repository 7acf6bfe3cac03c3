import { redisOptionsFromUrl } from './redis-options';

describe('redisOptionsFromUrl', () => {
  it('reads host, port, credentials, db and TLS from a redis(s) URL', () => {
    expect(redisOptionsFromUrl('rediss://app:p%40ss@cache.internal:6380/2')).toEqual(
      expect.objectContaining({ host: 'cache.internal', port: 6380, username: 'app', password: 'p@ss', db: 2, tls: {}, maxRetriesPerRequest: null }),
    );
    expect(redisOptionsFromUrl('redis://127.0.0.1')).toEqual(expect.objectContaining({ host: '127.0.0.1', port: 6379, db: 0, tls: undefined }));
  });

  it('reads a Sentinel set: every sentinel, the master name, credentials and db, no fixed host', () => {
    const options = redisOptionsFromUrl('redis-sentinel://:s3cret@s1:26379,s2,10.0.0.3:26380/loan-primary/1');
    expect(options).toEqual(
      expect.objectContaining({
        sentinels: [
          { host: 's1', port: 26379 },
          { host: 's2', port: 26379 },
          { host: '10.0.0.3', port: 26380 },
        ],
        name: 'loan-primary',
        password: 's3cret',
        db: 1,
        maxRetriesPerRequest: null,
      }),
    );
    expect(options.host).toBeUndefined();
  });

  it('refuses a Sentinel URL without a master name or with a bad port, without echoing it', () => {
    expect(() => redisOptionsFromUrl('redis-sentinel://:pw@s1:26379')).toThrow(/^a Sentinel URL is redis-sentinel:/);
    expect(() => redisOptionsFromUrl('redis-sentinel://:pw@s1:26x79/m')).toThrow('a Sentinel URL has a bad host: s1:26x79');
  });
});
