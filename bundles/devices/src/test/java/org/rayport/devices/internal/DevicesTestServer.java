package org.rayport.devices.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.hibernate.jpa.HibernatePersistenceProvider;
import org.rayport.devices.ApprovalPolicy;
import org.rayport.people.PeopleService;
import org.rayport.people.Role;
import org.rayport.people.UserDraft;
import org.rayport.people.internal.JpaPeopleService;
import org.rayport.testing.MutableClock;
import org.rayport.testing.TestDatabase;
import org.rayport.testing.TestServer;

/**
 * The services of this bundle as the container wires them, on one empty database: the real people store, the devices
 * tables, a licence in force, a clock the test moves and a key file in the test's directory.
 */
final class DevicesTestServer implements AutoCloseable {

    final TestDatabase database;
    final DataSource dataSource;
    final JpaPeopleService people;
    final DevicesDatabase db;
    final TestLicence licence = TestLicence.evaluation();
    final MutableClock clock = new MutableClock(Instant.parse("2030-03-01T08:00:10Z"));
    final JpaDeviceService devices;
    final JpaTwoFactorService twoFactor;
    final Path keyFile;

    DevicesTestServer(TestDatabase database, Path directory) throws Exception {
        this.database = database;
        this.dataSource = database.empty(directory.resolve("db"));
        this.people = new JpaPeopleService(new HibernatePersistenceProvider(), dataSource, new TestServer(directory));
        this.db = new DevicesDatabase(new HibernatePersistenceProvider(), dataSource, people);
        this.devices = new JpaDeviceService(db, people, licence, clock, ApprovalPolicy.FIRST_DEVICE);
        this.keyFile = directory.resolve("etc").resolve(SecretBox.KEY_FILE_NAME);
        this.twoFactor = new JpaTwoFactorService(db, SecretBox.withKeyFile(keyFile), clock);
    }

    /** A user with the role user; the password is irrelevant here (logins are the auth bundle's and the IT's). */
    PeopleService withUsers(String... ids) {
        for (String id : ids) {
            people.addUser(new UserDraft(id, "User " + id, "Password-of-" + id, true, List.of(), Set.of(Role.USER),
                    Map.of()));
        }
        return people;
    }

    @Override
    public void close() throws Exception {
        db.close();
        // The people service's factory closes with its component (package-private there); its database closes here.
        database.close(dataSource);
    }
}
