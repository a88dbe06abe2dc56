package org.rayport.people.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.flywaydb.core.api.output.MigrateResult;
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
import org.rayport.people.Group;
import org.rayport.people.Role;
import org.rayport.people.User;
import org.rayport.people.UserDraft;
import org.rayport.persistence.SchemaMigrator;
import org.rayport.testing.TestDatabase;
import org.rayport.testing.TestServer;

/** A server updated from the first schema version keeps its people: an update must never lose data. */
@RunWith(Parameterized.class)
public class SchemaUpgradeTest {

    private static final String OLD_PASSWORD = "from the old days";

    @Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.parameters();
    }

    @Parameter
    public TestDatabase database;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private DataSource dataSource;
    private Path home;
    private JpaPeopleService people;

    @Before
    public void createVersionOneWithData() throws Exception {
        dataSource = database.empty(temp.newFolder("db").toPath());
        home = temp.newFolder("home").toPath();

        MigrateResult first = SchemaMigrator.forFeature("people", JpaPeopleService.class.getClassLoader()).upTo("1")
                .migrate(dataSource);
        assertEquals("1", first.targetSchemaVersion);

        // Only the columns of V1__users_and_groups.sql, as a server of that version wrote them.
        try (Connection connection = dataSource.getConnection()) {
            insertUser(connection, "old.timer", "Old Timer", true, "old@example.org;timer@example.org", false,
                    Role.ADMIN, Role.USER);
            insertUser(connection, "plain", "Plain User", false, "", true, Role.USER);
            execute(connection, "INSERT INTO rp_group (id, name, enabled) VALUES (?, ?, ?)", "ward", "Ward", true);
            execute(connection, "INSERT INTO rp_group_member (group_id, user_id, chat_admin) VALUES (?, ?, ?)",
                    "ward", "old.timer", true);
            execute(connection, "INSERT INTO rp_group_member (group_id, user_id, chat_admin) VALUES (?, ?, ?)",
                    "ward", "plain", false);
        }
    }

    @After
    public void stop() throws Exception {
        if (people != null) {
            people.close();
        }
        if (dataSource != null) {
            database.close(dataSource);
        }
    }

    private static void insertUser(Connection connection, String id, String name, boolean enabled, String mail,
                                   boolean mustChangePassword, Role... roles) throws SQLException {
        execute(connection, "INSERT INTO rp_user (id, name, password_hash, enabled, mail, must_change_password)"
                + " VALUES (?, ?, ?, ?, ?, ?)", id, name, new PasswordHasher().hash(OLD_PASSWORD), enabled, mail,
                mustChangePassword);
        for (Role role : roles) {
            execute(connection, "INSERT INTO rp_user_role (user_id, role) VALUES (?, ?)", id, role.name());
        }
    }

    private static void execute(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    private JpaPeopleService start() {
        return new JpaPeopleService(new HibernatePersistenceProvider(), dataSource, new TestServer(home));
    }

    @Test
    public void upgradeKeepsUsersGroupsAndPasswords() {
        people = start();

        MigrateResult again = SchemaMigrator.forFeature("people", JpaPeopleService.class.getClassLoader())
                .migrate(dataSource);
        assertEquals("the service migrated to the newest version", 0, again.migrationsExecuted);
        assertNotEquals("1", again.initialSchemaVersion);

        User oldTimer = new User("old.timer", "Old Timer", true, List.of("old@example.org", "timer@example.org"),
                Set.of(Role.ADMIN, Role.USER), Map.of(), false);
        User plain = new User("plain", "Plain User", false, List.of(), Set.of(Role.USER), Map.of(), true);
        assertEquals(List.of(oldTimer, plain), people.users(null));
        assertEquals(oldTimer, people.checkPassword("old.timer", OLD_PASSWORD).orElseThrow());
        assertEquals(plain, people.checkPassword("plain", OLD_PASSWORD).orElseThrow());
        assertEquals(List.of(new Group("ward", "Ward", true, Set.of("old.timer", "plain"), Set.of("old.timer"))),
                people.groups(null));
        assertEquals(List.of("ward"), people.groupsOf("old.timer").stream().map(Group::id).toList());

        assertTrue("an upgraded server has people, so no new administrator", people.user("admin").isEmpty());
        assertFalse(Files.exists(home.resolve(InitialAdmin.PASSWORD_FILE)));
    }

    @Test
    public void upgradedUsersCanBeEdited() {
        people = start();

        User edited = people.editUser("plain", new UserDraft("plain", "No Longer Plain", null, true,
                List.of("plain@example.org"), Set.of(Role.USER), Map.of("theme", "dark")));
        people.changePassword("old.timer", OLD_PASSWORD, "a brand new password");
        people.editGroup("ward", new Group("ward", "Ward 7", true, Set.of("plain"), Set.of("plain")));

        people.close();
        people = start();
        User expected = new User("plain", "No Longer Plain", true, List.of("plain@example.org"), Set.of(Role.USER),
                Map.of("theme", "dark"), true);
        assertEquals(expected, edited);
        assertEquals(expected, people.user("plain").orElseThrow());
        assertTrue(people.checkPassword("plain", OLD_PASSWORD).isPresent());
        assertTrue(people.checkPassword("old.timer", "a brand new password").isPresent());
        assertEquals(new Group("ward", "Ward 7", true, Set.of("plain"), Set.of("plain")),
                people.group("ward").orElseThrow());
    }
}
