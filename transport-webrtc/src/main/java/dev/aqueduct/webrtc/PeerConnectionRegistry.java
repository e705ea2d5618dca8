package dev.aqueduct.webrtc;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The peer connections that report stats on this node, keyed by user and the client's connection id. A connection
 * is active from its first report until it reports {@code closed} or stops reporting for the expiry time. Turns the
 * cumulative counters of each report into what grew since the same connection's previous one. Reports come a few
 * seconds apart per connection, so one lock is enough.
 */
final class PeerConnectionRegistry {

    /** What a report adds to the metrics: the path type, the RTT (ms, NaN if not reported) and counter growth. */
    record Delta(CandidateType type, double rttMillis, long bytesSent, long bytesReceived, long packetsReceived,
                 long packetsLost) {
    }

    /** Thrown when a new connection would exceed the node's limit. */
    static final class FullException extends RuntimeException {
        FullException(int max) {
            super("this node already tracks " + max + " peer connections");
        }
    }

    private record Key(String subject, String connection) {
    }

    private record Entry(CandidateType type, Instant lastSeen, long bytesSent, long bytesReceived,
                         long packetsReceived, long packetsLost) {
    }

    private final Map<Key, Entry> entries = new HashMap<>();
    private final Map<String, Set<String>> connectionsOf = new HashMap<>();
    private final int[] activeByType = new int[CandidateType.values().length];

    /** Records a report; {@code null} for a closed connection (nothing to count). */
    synchronized Delta report(String subject, RtcStatsReport r, Instant now, RtcStatsSettings limits) {
        Key key = new Key(subject, r.connection());
        if (r.closed()) {
            remove(key);
            return null;
        }
        Entry old = entries.get(key);
        if (old == null) {
            admit(subject, r.connection(), now, limits);
        }
        entries.put(key, new Entry(r.pathType(), now, latest(r.bytesSent(), old, Entry::bytesSent),
                latest(r.bytesReceived(), old, Entry::bytesReceived),
                latest(r.packetsReceived(), old, Entry::packetsReceived),
                latest(r.packetsLost(), old, Entry::packetsLost)));
        if (old != null) {
            activeByType[old.type().ordinal()]--;
        }
        activeByType[r.pathType().ordinal()]++;
        return new Delta(r.pathType(), Double.isNaN(r.rttSeconds()) ? Double.NaN : r.rttSeconds() * 1000,
                grown(r.bytesSent(), old, Entry::bytesSent), grown(r.bytesReceived(), old, Entry::bytesReceived),
                grown(r.packetsReceived(), old, Entry::packetsReceived),
                grown(r.packetsLost(), old, Entry::packetsLost));
    }

    private void admit(String subject, String connection, Instant now, RtcStatsSettings limits) {
        if (entries.size() >= limits.maxConnections()) {
            sweep(now, limits.expiry());
            if (entries.size() >= limits.maxConnections()) {
                throw new FullException(limits.maxConnections());
            }
        }
        Set<String> own = connectionsOf.get(subject);
        if (own != null && own.size() >= limits.maxConnectionsPerPrincipal()) {
            evictLeastRecent(subject, own);
        }
        connectionsOf.computeIfAbsent(subject, k -> new HashSet<>()).add(connection);
    }

    private void evictLeastRecent(String subject, Set<String> own) {
        Key oldest = null;
        Instant oldestSeen = null;
        for (String connection : own) {
            Key k = new Key(subject, connection);
            Instant seen = entries.get(k).lastSeen();
            if (oldestSeen == null || seen.isBefore(oldestSeen)) {
                oldest = k;
                oldestSeen = seen;
            }
        }
        if (oldest != null) {
            remove(oldest);
        }
    }

    private void remove(Key key) {
        Entry e = entries.remove(key);
        if (e != null) {
            uncount(key, e);
        }
    }

    private void uncount(Key key, Entry e) {
        Set<String> own = connectionsOf.get(key.subject());
        if (own != null && own.remove(key.connection()) && own.isEmpty()) {
            connectionsOf.remove(key.subject());
        }
        activeByType[e.type().ordinal()]--;
    }

    /** Forgets the connections that have not reported for {@code expiry}. */
    synchronized void sweep(Instant now, Duration expiry) {
        Instant cutoff = now.minus(expiry);
        for (Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Entry> e = it.next();
            if (!e.getValue().lastSeen().isAfter(cutoff)) {
                it.remove();
                uncount(e.getKey(), e.getValue());
            }
        }
    }

    /** Active connections by the type of their path, every type included. */
    synchronized Map<CandidateType, Integer> activeByType() {
        EnumMap<CandidateType, Integer> out = new EnumMap<>(CandidateType.class);
        for (CandidateType t : CandidateType.values()) {
            out.put(t, activeByType[t.ordinal()]);
        }
        return out;
    }

    synchronized int size() {
        return entries.size();
    }

    private static long latest(long reported, Entry old, ToLongFunction<Entry> field) {
        return reported != RtcStatsReport.ABSENT || old == null ? reported : field.applyAsLong(old);
    }

    /**
     * How much a cumulative counter grew since the previous report: all of it on the first report; nothing when it
     * went down (a stream that ended left the client's sum), and counting resumes from the new value.
     */
    private static long grown(long reported, Entry old, ToLongFunction<Entry> field) {
        if (reported == RtcStatsReport.ABSENT) {
            return 0;
        }
        long before = old == null ? RtcStatsReport.ABSENT : field.applyAsLong(old);
        if (before == RtcStatsReport.ABSENT) {
            return Math.max(0, reported);
        }
        return Math.max(0, reported - before);
    }
}
