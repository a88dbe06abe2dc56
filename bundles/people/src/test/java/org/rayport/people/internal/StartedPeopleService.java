package org.rayport.people.internal;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.hibernate.jpa.HibernatePersistenceProvider;
import org.rayport.people.PeopleService;
import org.rayport.testing.TestDatabase;
import org.rayport.testing.TestServer;

/** A people service on an empty H2 database, for tests outside this package, such as the shell commands'. */
public final class StartedPeopleService implements AutoCloseable {

    private final DataSource dataSource;
    private final JpaPeopleService people;

    private StartedPeopleService(DataSource dataSource, JpaPeopleService people) {
        this.dataSource = dataSource;
        this.people = people;
    }

    public static StartedPeopleService onH2(Path directory) throws Exception {
        DataSource dataSource = TestDatabase.H2.empty(directory.resolve("db"));
        return new StartedPeopleService(dataSource,
                new JpaPeopleService(new HibernatePersistenceProvider(), dataSource, new TestServer(directory)));
    }

    public PeopleService people() {
        return people;
    }

    @Override
    public void close() throws Exception {
        people.close();
        TestDatabase.H2.close(dataSource);
    }
}
