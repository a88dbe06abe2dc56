package org.rayport.store.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.hibernate.jpa.HibernatePersistenceProvider;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.store.IncomingInstance;
import org.rayport.store.StoredInstance;
import org.rayport.testing.TestDatabase;

/** A store on an empty database of the test, with its storage and key store in separate folders of the test. */
final class StartedStore implements AutoCloseable {

    final TestDatabase database;
    final DataSource dataSource;
    final Path storage;
    final Path keyStore;
    final EncryptedInstanceStore store;

    private StartedStore(TestDatabase database, DataSource dataSource, Path storage, Path keyStore,
                         EncryptedInstanceStore store) {
        this.database = database;
        this.dataSource = dataSource;
        this.storage = storage;
        this.keyStore = keyStore;
        this.store = store;
    }

    static StartedStore on(TestDatabase database, Path directory) throws Exception {
        DataSource dataSource = database.empty(directory.resolve("db"));
        Path storage = directory.resolve("storage");
        Path keyStore = directory.resolve("etc/rayport-store.p12");
        return new StartedStore(database, dataSource, storage, keyStore, start(dataSource, storage, keyStore));
    }

    static EncryptedInstanceStore start(DataSource dataSource, Path storage, Path keyStore) throws IOException {
        return new EncryptedInstanceStore(new HibernatePersistenceProvider(), dataSource,
                new StoreSettings(storage, Map.of(), keyStore, 64));
    }

    /** Stores a data set as a C-STORE would deliver it: encoded without meta information, from a stream. */
    StoredInstance store(String pool, Attributes dataset, TransferSyntax syntax) throws IOException {
        return store.store(pool, incoming(dataset, syntax), new ByteArrayInputStream(encode(dataset, syntax)));
    }

    static IncomingInstance incoming(Attributes dataset, TransferSyntax syntax) {
        return new IncomingInstance(dataset.getString(Tags.SOP_CLASS_UID), dataset.getString(Tags.SOP_INSTANCE_UID),
                syntax, "TESTSCU");
    }

    static byte[] encode(Attributes dataset, TransferSyntax syntax) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.of(syntax).writeDataSet(dataset, out);
        return out.toByteArray();
    }

    /** Every regular file under the storage folder. */
    List<Path> files() {
        if (!Files.exists(storage)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(storage)) {
            return walk.filter(Files::isRegularFile).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        store.close();
        database.close(dataSource);
    }
}
