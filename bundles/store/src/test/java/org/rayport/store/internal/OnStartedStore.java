package org.rayport.store.internal;

import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;
import org.rayport.testing.TestDatabase;

/**
 * Tests that run on a fresh {@link StartedStore} per test, once on H2 and once on PostgreSQL. A test that closes the
 * store itself sets {@link #started} to null.
 */
@RunWith(Parameterized.class)
public abstract class OnStartedStore {

    @Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.parameters();
    }

    @Parameter
    public TestDatabase database;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    protected StartedStore started;

    @Before
    public void startStore() throws Exception {
        started = StartedStore.on(database, temp.newFolder().toPath());
    }

    @After
    public void stopStore() throws Exception {
        if (started != null) {
            started.close();
        }
    }
}
