package org.rayport.store.internal;

import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import org.hibernate.jpa.HibernatePersistenceProvider;

/**
 * The real encrypted instance store for the PACS upload tests, on the test's database and folder. In the store's
 * package because its test constructor is package-private; the tests use only the store's API.
 */
public final class UploadTestStore {

    private UploadTestStore() {
    }

    public static EncryptedInstanceStore in(Path directory, DataSource dataSource) throws Exception {
        return new EncryptedInstanceStore(new HibernatePersistenceProvider(), dataSource,
                new StoreSettings(directory.resolve("storage"), Map.of(), directory.resolve("etc/rayport-store.p12"), 64));
    }

    /** Closes the store's entity manager factory (package-private in the store). */
    public static void close(EncryptedInstanceStore store) {
        store.close();
    }
}
