package org.herald.geo;

/**
 * The Lua scripts of the Redis position index, one atomic step each. Keys of one node:
 * {@code idx180} (the GEO set again with longitudes turned by 180 degrees, so that an area across the antimeridian
 * is searched where it crosses nothing: Redis 7.0's GEOSEARCH misses members across ±180),
 * {@code idx} (GEO sorted set of keys), {@code pos} (hash key → position JSON), {@code ord} (hash key → the fix's
 * order "micros:seq", kept after a stop command as a tombstone so that an older fix cannot come back), {@code polar}
 * (set of keys beyond Redis' GEO latitudes, searched by reading them all), {@code ready} (marker: the index is
 * complete), {@code gen} (bumped by every invalidation, so that a rebuild that raced one does not mark itself ready).
 */
final class GeoScripts {
    private GeoScripts() {
    }

    /** Lua: whether order text a comes after order text b (Position#advances: later fix time, tie → higher seq). */
    private static final String AFTER = """
            local function after(a, b)
              local at, as = string.match(a, '^(%-?%d+):(%d+)')
              local bt, bs = string.match(b, '^(%-?%d+):(%d+)')
              at, as, bt, bs = tonumber(at), tonumber(as), tonumber(bt), tonumber(bs)
              return at > bt or (at == bt and as > bs)
            end
            """;

    /**
     * KEYS idx pos ord polar idx180; ARGV groups of (key, lon, lat, json, order, lon turned by 180). Writes each fix that advances what the index
     * holds for its key (so late events and rebuilds from an older read never move a vehicle backwards).
     */
    static final String PUT = AFTER + """
            local n = 0
            for i = 1, #ARGV, 6 do
              local m, lon, lat, json, ord, lon180 = ARGV[i], ARGV[i+1], ARGV[i+2], ARGV[i+3], ARGV[i+4], ARGV[i+5]
              local cur = redis.call('HGET', KEYS[3], m)
              if (not cur) or after(ord, cur) then
                if math.abs(tonumber(lat)) <= 85.05112878 then
                  redis.call('GEOADD', KEYS[1], lon, lat, m)
                  redis.call('GEOADD', KEYS[5], lon180, lat, m)
                  redis.call('SREM', KEYS[4], m)
                else
                  redis.call('ZREM', KEYS[1], m)
                  redis.call('ZREM', KEYS[5], m)
                  redis.call('SADD', KEYS[4], m)
                end
                redis.call('HSET', KEYS[2], m, json)
                redis.call('HSET', KEYS[3], m, ord)
                n = n + 1
              end
            end
            return n
            """;

    /**
     * KEYS idx pos ord polar idx180; ARGV key, order of the fix the stop command ended. A later fix already in the index
     * (events may reach Redis out of order) stays.
     */
    static final String REMOVE = AFTER + """
            local cur = redis.call('HGET', KEYS[3], ARGV[1])
            if cur and after(cur, ARGV[2]) then return 0 end
            redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('ZREM', KEYS[5], ARGV[1])
            redis.call('HDEL', KEYS[2], ARGV[1])
            redis.call('SREM', KEYS[4], ARGV[1])
            redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
            return 1
            """;

    /** KEYS pos ord; ARGV key, order, json. Replaces the entry's JSON only while it is still that fix. */
    static final String RESTATE = """
            if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            return 1
            """;

    /** KEYS ready gen; ARGV the generation read before the rebuild read the store. */
    static final String FINISH = """
            local gen = redis.call('GET', KEYS[2]) or '0'
            if gen ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], '1')
            return 1
            """;

    /** KEYS idx pos ord polar ready gen idx180: forgets the node's index; its next query rebuilds it from PostgreSQL. */
    static final String INVALIDATE = """
            redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[7])
            redis.call('INCR', KEYS[6])
            return 1
            """;

    /**
     * KEYS ready idx pos polar (idx: the plain or the turned GEO set); ARGV lon, lat, radius (metres) or nothing
     * for all. Returns {0} when the index is not
     * ready, else {1, json...} of the keys in the covering circle and every polar key (cut exactly by the caller).
     */
    static final String QUERY = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
            local out = {1}
            if #ARGV == 0 then
              for _, v in ipairs(redis.call('HVALS', KEYS[3])) do out[#out + 1] = v end
              return out
            end
            local keys = redis.call('GEOSEARCH', KEYS[2], 'FROMLONLAT', ARGV[1], ARGV[2], 'BYRADIUS', ARGV[3], 'm')
            for _, m in ipairs(redis.call('SMEMBERS', KEYS[4])) do keys[#keys + 1] = m end
            -- in slices: Lua's unpack takes a few thousand values at most
            for i = 1, #keys, 1000 do
              local j = math.min(i + 999, #keys)
              for _, v in ipairs(redis.call('HMGET', KEYS[3], unpack(keys, i, j))) do
                if v then out[#out + 1] = v end
              end
            end
            return out
            """;
}
