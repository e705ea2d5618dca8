package dev.aqueduct.cluster.redis;

import dev.aqueduct.api.spi.ClusterBus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cluster bus on Redis pub/sub. Messages published here are delivered to this node's subscribers at once, in
 * the publishing thread (so a node keeps serving its own clients while Redis is away), and sent to Redis with this
 * node's id in front; what comes back from Redis with our own id is skipped. One connection publishes (so this
 * node's messages keep their order), another one listens with {@code PSUBSCRIBE} and is re-established after an
 * outage. A {@code PING} every heartbeat on the listening connection finds a broker that went silent.
 *
 * <p>Pub/sub does not store: what other nodes publish while this node is cut off is not delivered here later.
 * Resume goes through the history store.
 */
final class RedisClusterBus implements ClusterBus, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisClusterBus.class.getName());

    private record Sub(String prefix, Consumer<BusMessage> handler) {
    }

    private final RedisSettings settings;
    private final byte[] nodeTag;
    private final RedisClient publisher;
    private final CopyOnWriteArrayList<Sub> subs = new CopyOnWriteArrayList<>();
    private final Object listenerLock = new Object();
    private final Thread listenerThread;
    private final ScheduledExecutorService heartbeat;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private RedisConnection listener;
    private volatile boolean listening;
    private volatile boolean publishFailing;
    private volatile String lastError;
    private volatile boolean closed;

    RedisClusterBus(RedisSettings settings, String nodeId) {
        this.settings = settings;
        byte[] id = nodeId.getBytes(StandardCharsets.UTF_8);
        if (id.length > 255) {
            throw new IllegalArgumentException("node id is longer than 255 bytes");
        }
        this.nodeTag = id;
        this.publisher = new RedisClient(settings);
        this.listenerThread = new Thread(this::listen, "aqueduct-redis-bus");
        this.listenerThread.setDaemon(true);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aqueduct-redis-bus-heartbeat");
            t.setDaemon(true);
            return t;
        });
        listenerThread.start();
        long every = settings.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::ping, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void publish(String channel, byte[] message) {
        deliver(channel, message);
        byte[] frame = new byte[1 + nodeTag.length + message.length];
        frame[0] = (byte) nodeTag.length;
        System.arraycopy(nodeTag, 0, frame, 1, nodeTag.length);
        System.arraycopy(message, 0, frame, 1 + nodeTag.length, message.length);
        try {
            // retried once on a fresh connection after Redis restarted: a duplicate is harmless (stored messages
            // are deduplicated by seq), a message missing on the other nodes is not
            publisher.callIdempotent("PUBLISH", settings.keyPrefix() + channel, frame);
            if (publishFailing) {
                publishFailing = false;
                LOG.info("Redis bus: publishing to " + settings.address() + " works again");
            }
        } catch (RedisException e) {
            dropped.incrementAndGet();
            lastError = e.getMessage();
            if (!publishFailing) {
                publishFailing = true;
                LOG.warning("Redis bus: cannot publish, other nodes miss messages until Redis is back: "
                        + e.getMessage());
            }
        }
    }

    @Override
    public Subscription subscribe(String channelPrefix, Consumer<BusMessage> handler) {
        Sub s = new Sub(channelPrefix, handler);
        boolean first = subs.stream().noneMatch(x -> x.prefix.equals(channelPrefix));
        subs.add(s);
        if (first) {
            sendToListener("PSUBSCRIBE", pattern(channelPrefix));
        }
        return () -> {
            subs.remove(s);
            if (subs.stream().noneMatch(x -> x.prefix.equals(channelPrefix))) {
                sendToListener("PUNSUBSCRIBE", pattern(channelPrefix));
            }
        };
    }

    /** Whether the listening connection is up and the last publish (if any) went through. */
    boolean connected() {
        return listening && !publishFailing;
    }

    String lastError() {
        return lastError;
    }

    long dropped() {
        return dropped.get();
    }

    long received() {
        return received.get();
    }

    long reconnects() {
        return reconnects.get();
    }

    private void deliver(String channel, byte[] body) {
        BusMessage m = new BusMessage(channel, body);
        for (Sub s : subs) {
            if (channel.startsWith(s.prefix)) {
                try {
                    s.handler.accept(m);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "bus subscriber failed on " + channel, e);
                }
            }
        }
    }

    private void listen() {
        long delay = settings.reconnectDelay().toMillis();
        boolean wasUp = false;
        while (!closed) {
            RedisConnection c = null;
            try {
                c = RedisConnection.open(settings, (int) (settings.heartbeat().toMillis() * 3));
                synchronized (listenerLock) {
                    listener = c;
                    for (String prefix : subs.stream().map(Sub::prefix).distinct().toList()) {
                        c.send("PSUBSCRIBE", pattern(prefix));
                    }
                }
                listening = true;
                lastError = null;
                if (wasUp) {
                    reconnects.incrementAndGet();
                }
                wasUp = true;
                LOG.info("Redis bus: listening on " + settings.address());
                delay = settings.reconnectDelay().toMillis();
                while (!closed) {
                    onReply(c.read());
                }
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    break;
                }
                lastError = e.toString();
                if (listening) {
                    LOG.warning("Redis bus: lost the connection to " + settings.address() + " (" + e
                            + "); reconnecting");
                }
            } finally {
                listening = false;
                synchronized (listenerLock) {
                    listener = null;
                }
                if (c != null) {
                    c.close();
                }
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                break;
            }
            delay = Math.min(delay * 2, Math.max(settings.reconnectDelay().toMillis(), 30_000));
        }
    }

    private void onReply(Object reply) {
        if (!(reply instanceof List<?> parts) || parts.isEmpty()) {
            if (reply instanceof Resp.ErrorReply e) {
                LOG.warning("Redis bus: " + e.message());
            }
            return;
        }
        if (!"pmessage".equals(Resp.text(parts.get(0))) || parts.size() < 4) {
            return; // subscription confirmations and heartbeat answers
        }
        String channel = Resp.text(parts.get(2));
        byte[] frame = (byte[]) parts.get(3);
        int tagLength = frame.length == 0 ? -1 : frame[0] & 0xff;
        if (tagLength < 0 || frame.length < 1 + tagLength || !channel.startsWith(settings.keyPrefix())) {
            LOG.warning("Redis bus: dropping a message that is not ours on " + channel);
            return;
        }
        if (tagLength == nodeTag.length && java.util.Arrays.equals(frame, 1, 1 + tagLength, nodeTag, 0, tagLength)) {
            return; // our own message, delivered locally when published
        }
        received.incrementAndGet();
        byte[] body = java.util.Arrays.copyOfRange(frame, 1 + tagLength, frame.length);
        deliver(channel.substring(settings.keyPrefix().length()), body);
    }

    private void ping() {
        sendToListener("PING");
        if (publishFailing && publisher.ping()) {
            publishFailing = false;
            LOG.info("Redis bus: " + settings.address() + " answers again");
        }
    }

    private void sendToListener(Object... command) {
        synchronized (listenerLock) {
            if (listener == null) {
                return; // sent again on reconnect
            }
            try {
                listener.send(command);
            } catch (IOException e) {
                listener.close(); // the listening thread notices and reconnects
            }
        }
    }

    private String pattern(String prefix) {
        StringBuilder sb = new StringBuilder();
        for (char ch : (settings.keyPrefix() + prefix).toCharArray()) {
            if (ch == '*' || ch == '?' || ch == '[' || ch == ']' || ch == '\\') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.append('*').toString();
    }

    @Override
    public void close() {
        closed = true;
        heartbeat.shutdownNow();
        synchronized (listenerLock) {
            if (listener != null) {
                listener.close();
            }
        }
        listenerThread.interrupt();
        publisher.close();
    }
}
