package dev.aqueduct.cluster.redis;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.HistoryStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Room history in Redis, shared by every node: a hash per room with its epoch, seq and retained bytes, and a stream
 * whose entry ids are the seqs ({@code <seq>-0}). Each operation is one Lua script, so seq assignment, trimming and
 * the recovered-or-not decision are atomic across nodes. Trimming follows the memory history: oldest first while the
 * room holds more than the message or byte bound, or its oldest message is older than the age bound.
 */
final class RedisHistoryStore implements HistoryStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String COMMON = """
            local function trim(meta, log, now, maxMessages, maxBytes, maxAge)
              local oldest = now - maxAge
              while true do
                local first = redis.call('XRANGE', log, '-', '+', 'COUNT', 1)[1]
                if not first then return end
                local len = redis.call('XLEN', log)
                local bytes = tonumber(redis.call('HGET', meta, 'bytes') or '0')
                local ts, size = 0, 0
                local f = first[2]
                for i = 1, #f, 2 do
                  if f[i] == 'ts' then ts = tonumber(f[i + 1]) elseif f[i] == 'bytes' then size = tonumber(f[i + 1]) end
                end
                if len > maxMessages or bytes > maxBytes or ts < oldest then
                  redis.call('XDEL', log, first[1])
                  redis.call('HINCRBY', meta, 'bytes', -size)
                else
                  return
                end
              end
            end
            local function room(meta, log, epoch, ttl)
              if redis.call('HSETNX', meta, 'epoch', epoch) == 1 then
                redis.call('DEL', log)
                redis.call('HSET', meta, 'seq', 0, 'bytes', 0)
              end
              redis.call('PEXPIRE', meta, ttl)
              redis.call('PEXPIRE', log, ttl)
            end
            """;

    // ARGV: epoch-if-new, now, max-messages, max-bytes, max-age-ms, ttl-ms, v, type, id, ts, +from or -, payload, bytes
    private static final RedisScript APPEND = new RedisScript(COMMON + """
            room(KEYS[1], KEYS[2], ARGV[1], ARGV[6])
            local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
            redis.call('HINCRBY', KEYS[1], 'bytes', ARGV[13])
            local fields = {'v', ARGV[7], 'type', ARGV[8], 'id', ARGV[9], 'ts', ARGV[10], 'payload', ARGV[12],
                            'bytes', ARGV[13]}
            if string.sub(ARGV[11], 1, 1) == '+' then
              fields[#fields + 1] = 'from'
              fields[#fields + 1] = string.sub(ARGV[11], 2)
            end
            redis.call('XADD', KEYS[2], seq .. '-0', unpack(fields))
            redis.call('PEXPIRE', KEYS[2], ARGV[6])
            trim(KEYS[1], KEYS[2], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
            return {redis.call('HGET', KEYS[1], 'epoch'), seq}
            """);

    // ARGV: epoch-if-new, ttl-ms
    private static final RedisScript POSITION = new RedisScript(COMMON + """
            room(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
            return {redis.call('HGET', KEYS[1], 'epoch'), tonumber(redis.call('HGET', KEYS[1], 'seq'))}
            """);

    // ARGV: epoch-if-new, now, max-messages, max-bytes, max-age-ms, ttl-ms, since-epoch, since-seq
    private static final RedisScript SINCE = new RedisScript(COMMON + """
            room(KEYS[1], KEYS[2], ARGV[1], ARGV[6])
            trim(KEYS[1], KEYS[2], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
            local epoch = redis.call('HGET', KEYS[1], 'epoch')
            local seq = tonumber(redis.call('HGET', KEYS[1], 'seq'))
            local s = tonumber(ARGV[8])
            if epoch ~= ARGV[7] or s > seq or s < 0 then return {epoch, seq, 0} end
            if s == seq then return {epoch, seq, 1} end
            local entries = redis.call('XRANGE', KEYS[2], (s + 1) .. '-0', '+')
            if #entries == 0 or entries[1][1] ~= (s + 1) .. '-0' then return {epoch, seq, 0} end
            return {epoch, seq, 1, entries}
            """);

    private final RedisClient client;
    private final HistoryLimits limits;
    private final Clock clock;
    private final String prefix;

    RedisHistoryStore(RedisClient client, HistoryLimits limits, Clock clock) {
        this.client = client;
        this.limits = limits;
        this.clock = clock;
        this.prefix = client.settings().keyPrefix();
    }

    @Override
    public Envelope append(Envelope e) {
        List<?> r = (List<?>) APPEND.run(client, false, keys(e.room()), newEpoch(), clock.millis(),
                limits.maxMessages(), limits.maxBytes(), limits.maxAge().toMillis(), limits.ttl().toMillis(),
                e.v(), e.type(), e.id(), e.ts(), e.from() == null ? "-" : "+" + e.from(), e.payload(),
                e.approximateBytes());
        return e.withSeq((Long) r.get(1));
    }

    @Override
    public Position position(RoomId room) {
        List<?> r = (List<?>) POSITION.run(client, true, keys(room), newEpoch(), limits.ttl().toMillis());
        return new Position(Resp.text(r.get(0)), (Long) r.get(1));
    }

    @Override
    public Replay since(RoomId room, Position since) {
        List<?> r = (List<?>) SINCE.run(client, true, keys(room), newEpoch(), clock.millis(), limits.maxMessages(),
                limits.maxBytes(), limits.maxAge().toMillis(), limits.ttl().toMillis(), since.epoch(), since.seq());
        Position current = new Position(Resp.text(r.get(0)), (Long) r.get(1));
        if ((Long) r.get(2) == 0) {
            return new Replay(false, current, List.of());
        }
        if (r.size() < 4) {
            return new Replay(true, current, List.of());
        }
        List<?> entries = (List<?>) r.get(3);
        List<Envelope> out = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            out.add(envelope(room, (List<?>) entry));
        }
        return new Replay(true, current, out);
    }

    @Override
    public void clear(RoomId room) {
        Object[] k = keys(room);
        client.callIdempotent("DEL", k[0], k[1]);
    }

    private Object[] keys(RoomId room) {
        // the braces make both keys hash to one slot, as scripts on Redis Cluster require
        String base = prefix + "history:{" + room.value() + "}:";
        return new Object[] {base + "meta", base + "log"};
    }

    private static Envelope envelope(RoomId room, List<?> entry) {
        String id = Resp.text(entry.get(0));
        long seq = Long.parseLong(id.substring(0, id.indexOf('-')));
        List<?> flat = (List<?>) entry.get(1);
        Map<String, String> f = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            f.put(Resp.text(flat.get(i)), Resp.text(flat.get(i + 1)));
        }
        return new Envelope(Integer.parseInt(f.get("v")), f.get("type"), room, seq, f.get("id"),
                Long.parseLong(f.get("ts")), f.get("from"), f.get("payload"));
    }

    private static String newEpoch() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
