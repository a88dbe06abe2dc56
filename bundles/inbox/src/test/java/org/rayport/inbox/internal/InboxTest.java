package org.rayport.inbox.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.hibernate.jpa.HibernatePersistenceProvider;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;
import org.rayport.inbox.InboxEntry;
import org.rayport.people.Group;
import org.rayport.people.Role;
import org.rayport.people.UserDraft;
import org.rayport.people.internal.JpaPeopleService;
import org.rayport.testing.MutableClock;
import org.rayport.testing.PoolsInMemory;
import org.rayport.testing.TestDatabase;
import org.rayport.testing.TestServer;

/** Who gets inbox entries, who sees them, and how arrivals coalesce; on H2 and on PostgreSQL. */
@RunWith(Parameterized.class)
public class InboxTest {

    @Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.parameters();
    }

    @Parameter
    public TestDatabase database;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private DataSource dataSource;
    private JpaPeopleService people;
    private InboxDatabase db;
    private PoolsInMemory pools;
    private final TestIndex index = new TestIndex();
    private final MutableClock clock = new MutableClock(Instant.parse("2030-03-01T08:00:00Z"));
    private final List<InboxChange> announced = new ArrayList<>();
    private JpaInbox inbox;
    private ArrivalCoalescer coalescer;

    @Before
    public void start() throws Exception {
        dataSource = database.empty(temp.getRoot().toPath().resolve("db"));
        people = new JpaPeopleService(new HibernatePersistenceProvider(), dataSource,
                new TestServer(temp.getRoot().toPath()));
        for (String id : List.of("ann", "bob", "cid", "dan", "eve")) {
            people.addUser(new UserDraft(id, "User " + id, "Password-of-" + id, !id.equals("cid"), List.of(),
                    Set.of(Role.USER), Map.of()));
        }
        people.addGroup(new Group("radiology", "Radiology", true, Set.of("bob", "cid"), Set.of()));
        people.addGroup(new Group("closed", "Closed", false, Set.of("dan"), Set.of()));
        db = new InboxDatabase(new HibernatePersistenceProvider(), dataSource, people);
        pools = new PoolsInMemory(people);
        inbox = new JpaInbox(db, pools, people, index);
        coalescer = new ArrivalCoalescer(inbox, announced::addAll, clock);
    }

    @After
    public void stop() throws Exception {
        // Null where @Before stopped early: a PostgreSQL case without a configured database is skipped there.
        if (coalescer != null) {
            coalescer.close();
        }
        if (db != null) {
            db.close();
        }
        if (dataSource != null) {
            database.close(dataSource);
        }
    }

    private static Set<String> users(List<InboxChange> changes) {
        Set<String> users = new TreeSet<>();
        changes.forEach(change -> users.add(change.userId()));
        return users;
    }

    @Test
    public void grantedUsersAndEnabledMembersOfGrantedGroupsGetEntriesDisabledOnesNot() {
        pools.put("ward", false, Set.of("ann"), Set.of("radiology", "closed"));
        coalescer.arrived("ward", "1.2.3");
        coalescer.flush();

        assertEquals("ann directly, bob through radiology; cid is disabled, dan's group is disabled, eve has no grant",
                Set.of("ann", "bob"), users(announced));
        assertEquals(1, inbox.entries("ann", 0, 10).size());
        assertEquals(1, inbox.entries("bob", 0, 10).size());
        for (String nobody : List.of("cid", "dan", "eve")) {
            assertEquals(nobody, List.of(), inbox.entries(nobody, 0, 10));
        }
    }

    @Test
    public void aCachePoolsDataNeverLandsInInboxes() {
        pools.put("cache", true, Set.of("ann"), Set.of("radiology"));
        coalescer.arrived("cache", "1.2.3");
        coalescer.flush();

        assertEquals(List.of(), announced);
        assertEquals(List.of(), inbox.entries("ann", 0, 10));
        assertEquals(0, inbox.unseenCount("ann"));
    }

    @Test
    public void fiveHundredInstancesOfAStudyAreOneEntryWrittenOncePerFlush() {
        pools.put("ward", false, Set.of("ann"), Set.of("radiology"));
        index.put("ward", "1.2.3", "Doe^Jane", "CT Thorax", "CT", "SR");
        Instant first = clock.instant();
        for (int i = 0; i < 500; i++) {
            coalescer.arrived("ward", "1.2.3");
            clock.advance(Duration.ofMillis(1));
        }
        assertEquals(1, coalescer.pendingStudies());
        coalescer.flush();

        assertEquals("one change per user and study, not per instance", 2, announced.size());
        assertEquals(0, coalescer.pendingStudies());
        InboxEntry entry = inbox.entries("ann", 0, 10).get(0);
        assertEquals(500, entry.instanceCount());
        assertEquals(first, entry.firstArrival());
        assertEquals(first.plusMillis(499), entry.lastArrival());
        assertEquals("Doe^Jane", entry.patientName());
        assertEquals("CT Thorax", entry.description());
        assertEquals(List.of("CT", "SR"), entry.modalities());
        assertFalse(entry.seen());

        coalescer.arrived("ward", "1.2.3");
        coalescer.flush();
        assertEquals(501, inbox.entries("ann", 0, 10).get(0).instanceCount());
        assertEquals(501, announced.get(announced.size() - 1).instances());
        assertEquals("Doe^Jane", announced.get(announced.size() - 1).patientName());
    }

    @Test
    public void anEntryIsNewUntilSeenOrDismissedAndNewAgainWhenMoreArrives() {
        pools.put("ward", false, Set.of("ann"), Set.of());
        coalescer.arrived("ward", "1.2.3");
        coalescer.flush();
        assertEquals(1, inbox.unseenCount("ann"));

        assertTrue(inbox.markSeen("ann", "ward", "1.2.3"));
        assertEquals(0, inbox.unseenCount("ann"));
        assertTrue(inbox.entries("ann", 0, 10).get(0).seen());
        assertFalse("no such entry", inbox.markSeen("ann", "ward", "9.9"));

        coalescer.arrived("ward", "1.2.3");
        coalescer.flush();
        assertEquals("more instances make it new again", 1, inbox.unseenCount("ann"));

        assertTrue(inbox.dismiss("ann", "ward", "1.2.3"));
        assertFalse(inbox.dismiss("ann", "ward", "1.2.3"));
        assertEquals(List.of(), inbox.entries("ann", 0, 10));

        coalescer.arrived("ward", "1.2.3");
        coalescer.flush();
        assertEquals("a dismissed study that gets more instances is a new entry",
                1, inbox.entries("ann", 0, 10).get(0).instanceCount());
    }

    @Test
    public void anEntryOfAPoolTheUserNoLongerSeesIsHidden() {
        pools.put("ward", false, Set.of("ann"), Set.of("radiology"));
        coalescer.arrived("ward", "1.2.3");
        coalescer.flush();
        assertEquals(1, inbox.unseenCount("bob"));

        pools.put("ward", false, Set.of("ann"), Set.of());
        assertEquals(List.of(), inbox.entries("bob", 0, 10));
        assertEquals(0, inbox.unseenCount("bob"));
        assertFalse(inbox.markSeen("bob", "ward", "1.2.3"));
        assertFalse(inbox.dismiss("bob", "ward", "1.2.3"));
        assertEquals("the grant of ann stays", 1, inbox.entries("ann", 0, 10).size());

        pools.put("ward", false, Set.of("ann"), Set.of("radiology"));
        assertEquals("granted again, the entry is back", 1, inbox.entries("bob", 0, 10).size());
    }

    @Test
    public void entriesAreListedNewestFirstInPages() {
        pools.put("ward", false, Set.of("ann"), Set.of());
        for (String study : List.of("1.1", "1.2", "1.3")) {
            coalescer.arrived("ward", study);
            coalescer.flush();
            clock.advance(Duration.ofSeconds(5));
        }
        coalescer.arrived("ward", "1.1");
        coalescer.flush();

        List<String> order = inbox.entries("ann", 0, 10).stream().map(InboxEntry::studyInstanceUid).toList();
        assertEquals(List.of("1.1", "1.3", "1.2"), order);
        assertEquals(List.of("1.3"), inbox.entries("ann", 1, 1).stream().map(InboxEntry::studyInstanceUid).toList());
        assertEquals(List.of(), inbox.entries("ann", 3, 10));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> inbox.entries("ann", 0, JpaInbox.MAX_LIMIT + 1));
        assertTrue(refused.getMessage(), refused.getMessage().contains("limit"));
        assertThrows(IllegalArgumentException.class, () -> inbox.entries("ann", -1, 10));
    }
}
