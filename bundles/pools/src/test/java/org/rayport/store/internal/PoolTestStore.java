package org.rayport.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.jpa.HibernatePersistenceProvider;

/**
 * The real instance store for the pools' tests, on an H2 database and storage of the test's own folder. In the
 * store's package because its test constructor is package-private; the pools' tests use only the store's API.
 */
public final class PoolTestStore implements AutoCloseable {

    static {
        System.setProperty("org.jboss.logging.provider", "slf4j");
    }

    public final EncryptedInstanceStore store;
    private final JdbcDataSource dataSource;

    private PoolTestStore(EncryptedInstanceStore store, JdbcDataSource dataSource) {
        this.store = store;
        this.dataSource = dataSource;
    }

    public static PoolTestStore in(Path directory) throws Exception {
        return in(directory, directory.resolve("storage"));
    }

    /** With the encrypted files in {@code storage}, e.g. on a disk of their own. */
    public static PoolTestStore in(Path directory, Path storage) throws Exception {
        return in(directory, storage, null);
    }

    /** With a working path and an alternative working path (null: none). */
    public static PoolTestStore in(Path directory, Path storage, Path alternative) throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + directory.resolve("db/rayport") + ";DB_CLOSE_ON_EXIT=FALSE;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        h2.setPassword("");
        EncryptedInstanceStore store = new EncryptedInstanceStore(new HibernatePersistenceProvider(), h2,
                new StoreSettings(storage, alternative, Map.of(), directory.resolve("etc/rayport-store.p12"),
                        64));
        return new PoolTestStore(store, h2);
    }

    /** The free-space limit the store sees, as the storage sweeps' {@code MinimumFreeSpace} would serve it. */
    public void limitFreeSpace(long minimumFreeBytes) {
        store.setFreeSpaceRule(() -> minimumFreeBytes);
    }

    @Override
    public void close() throws Exception {
        store.close();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }
}
