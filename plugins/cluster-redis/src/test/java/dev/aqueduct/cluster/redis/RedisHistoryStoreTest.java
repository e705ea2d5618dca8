package dev.aqueduct.cluster.redis;

import dev.aqueduct.api.spi.HistoryStore;
import dev.aqueduct.api.spi.HistoryStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/** The history contract on the shared test Redis; the second node is a second client on the same keys. */
class RedisHistoryStoreTest extends HistoryStoreContract {

    private static final RedisSettings SETTINGS = TestRedis.shared(TestRedis.newPrefix());
    private final List<RedisClient> clients = new ArrayList<>();

    @Override
    protected HistoryStore newStore(Bounds b) {
        RedisClient c = new RedisClient(SETTINGS);
        clients.add(c);
        return new RedisHistoryStore(c, new HistoryLimits(b.maxMessages(), b.maxBytes(), b.maxAge(),
                b.maxAge().multipliedBy(2)), clock);
    }

    @Override
    protected HistoryStore secondNode(HistoryStore first, Bounds b) {
        return newStore(b);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RedisClient::close);
    }

    @AfterAll
    static void deleteKeys() {
        TestRedis.deleteKeys(SETTINGS);
    }
}
