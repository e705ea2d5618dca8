package dev.aqueduct.storage.jpa;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A small, bounded pool of JDBC connections, handed to the persistence provider as its non-JTA data source. The
 * driver is taken from the plugin's own class loader rather than {@link java.sql.DriverManager}, which in an
 * application server only sees drivers visible to the caller and keeps them registered after undeploy.
 */
final class ConnectionPool implements DataSource, AutoCloseable {

    /** Connections idle longer than this are checked before use: the database may have dropped them. */
    private static final long CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

    private record Idle(Connection connection, long since) {
    }

    private final String url;
    private final Properties credentials;
    private final Driver driver;
    private final Semaphore permits;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private final long waitMillis;
    private volatile boolean closed;

    ConnectionPool(String url, String user, String password, int size, long waitMillis) {
        this.url = url;
        this.credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        this.driver = driverFor(url);
        this.permits = new Semaphore(size, true);
        this.waitMillis = waitMillis;
    }

    private static Driver driverFor(String url) {
        for (Driver d : ServiceLoader.load(Driver.class, ConnectionPool.class.getClassLoader())) {
            try {
                if (d.acceptsURL(url)) {
                    return d;
                }
            } catch (SQLException e) {
                // not this one
            }
        }
        throw new IllegalArgumentException("no JDBC driver in the plugin accepts " + url);
    }

    /** A connection straight from the driver, outside the pool (migrations, shutdown). */
    Connection connect(String anUrl) throws SQLException {
        Connection c = driver.connect(anUrl, credentials);
        if (c == null) {
            throw new SQLException("the driver refused " + anUrl);
        }
        return c;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("the connection pool is closed");
        }
        try {
            if (!permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException("no database connection free after " + waitMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a connection");
        }
        try {
            Idle i;
            while ((i = takeIdle()) != null) {
                if (System.nanoTime() - i.since() < CHECK_AFTER_NANOS || i.connection().isValid(2)) {
                    return wrap(i.connection());
                }
                closeQuietly(i.connection());
            }
            return wrap(connect(url));
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private synchronized Idle takeIdle() {
        return idle.pollFirst();
    }

    /** A handle whose close() gives the connection back (rolled back, auto-commit on), or drops it if broken. */
    private Connection wrap(Connection real) {
        boolean[] released = {false};
        return (Connection) Proxy.newProxyInstance(ConnectionPool.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            if (!released[0]) {
                                released[0] = true;
                                giveBack(real);
                            }
                            return null;
                        case "isClosed":
                            return released[0] || real.isClosed();
                        case "unwrap":
                            return ((Class<?>) args[0]).isInstance(proxy) ? proxy : real.unwrap((Class<?>) args[0]);
                        case "isWrapperFor":
                            return ((Class<?>) args[0]).isInstance(proxy) || real.isWrapperFor((Class<?>) args[0]);
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        default:
                            if (released[0]) {
                                throw new SQLException("connection already given back to the pool");
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    private void giveBack(Connection real) {
        try {
            boolean reusable = !closed && !real.isClosed();
            if (reusable && !real.getAutoCommit()) {
                real.rollback();
                real.setAutoCommit(true);
            }
            if (reusable) {
                synchronized (this) {
                    idle.addFirst(new Idle(real, System.nanoTime()));
                }
            } else {
                closeQuietly(real);
            }
        } catch (SQLException e) {
            closeQuietly(real);
        } finally {
            permits.release();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // it is gone either way
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        idle.forEach(i -> closeQuietly(i.connection()));
        idle.clear();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool uses the configured user");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
