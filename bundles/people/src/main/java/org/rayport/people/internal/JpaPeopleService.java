package org.rayport.people.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.spi.PersistenceProvider;
import javax.sql.DataSource;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rayport.core.ServerInfo;
import org.rayport.people.ConflictException;
import org.rayport.people.Group;
import org.rayport.people.InvalidInputException;
import org.rayport.people.PeopleService;
import org.rayport.people.Role;
import org.rayport.people.UnknownPersonException;
import org.rayport.people.User;
import org.rayport.people.UserDraft;
import org.rayport.people.WrongPasswordException;
import org.rayport.persistence.SchemaMigrator;
import org.rayport.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Component(service = PeopleService.class)
public class JpaPeopleService implements PeopleService {

    static final String PERSISTENCE_UNIT = "rayport-people";
    private static final Logger LOG = LoggerFactory.getLogger(JpaPeopleService.class);

    private final Transactions tx;
    private final PasswordHasher hasher = new PasswordHasher();
    /** Moved after every write, so that what others derived from people knows to look again ({@link #changeCount}). */
    private final AtomicLong changes = new AtomicLong();
    private final Path initialPasswordFile;

    private final EntityManagerFactory factory;

    /**
     * Migrates the schema first and only then lets Hibernate look at it; the factory is built here, from Hibernate's
     * OSGi persistence provider, so that it sees this bundle's persistence.xml and classes.
     */
    @Activate
    public JpaPeopleService(
            @Reference(target = "(javax.persistence.provider=org.hibernate.jpa.HibernatePersistenceProvider)")
            PersistenceProvider hibernate,
            @Reference(target = "(dataSourceName=rayport)") DataSource dataSource,
            @Reference ServerInfo server) {
        SchemaMigrator.forFeature("people", JpaPeopleService.class.getClassLoader()).migrate(dataSource);
        this.factory = hibernate.createEntityManagerFactory(PERSISTENCE_UNIT,
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
        this.tx = new Transactions(factory);
        this.initialPasswordFile = server.home().resolve(InitialAdmin.PASSWORD_FILE);
        new InitialAdmin(this::createFirstAdmin).ensure(initialPasswordFile, System.getenv(InitialAdmin.PASSWORD_ENV));
    }

    @Deactivate
    void close() {
        factory.close();
    }

    /** Creates the administrator when no user exists at all; false when people are already there. */
    private boolean createFirstAdmin(String password) {
        return write(em -> {
            long users = em.createQuery("select count(u) from UserEntity u", Long.class).getSingleResult();
            if (users > 0) {
                return false;
            }
            UserEntity admin = new UserEntity();
            admin.id = ADMIN_ID;
            admin.name = "Administrator";
            admin.passwordHash = hasher.hash(password);
            admin.enabled = true;
            admin.mail = "";
            admin.mustChangePassword = true;
            admin.createdAt = Instant.now();
            admin.roles = EnumSet.of(Role.ADMIN, Role.USER);
            em.persist(admin);
            return true;
        });
    }

    @Override
    public long changeCount() {
        return changes.get();
    }

    /** A writing transaction; the change count moves after it ended (committed or not), never before. */
    private <T> T write(Function<EntityManager, T> work) {
        try {
            return tx.inTransaction(work);
        } finally {
            changes.incrementAndGet();
        }
    }

    @Override
    public List<User> users(String filter) {
        String needle = normalise(filter);
        return tx.inTransaction(em -> em.createQuery("select u from UserEntity u order by u.id", UserEntity.class)
                .getResultStream()
                .map(JpaPeopleService::toUser)
                .filter(u -> needle.isEmpty() || contains(needle, u.id(), u.name(), String.join(";", u.mail())))
                .collect(Collectors.toList()));
    }

    @Override
    public Optional<User> user(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return tx.inTransaction(em -> Optional.ofNullable(em.find(UserEntity.class, id)).map(JpaPeopleService::toUser));
    }

    @Override
    public User addUser(UserDraft draft) {
        PeopleRules.user(draft);
        String hash = hasher.hash(PeopleRules.password("password", draft.password()));
        return write(em -> {
            if (em.find(UserEntity.class, draft.id()) != null) {
                throw new ConflictException("A user with ID '" + draft.id() + "' exists already");
            }
            UserEntity entity = new UserEntity();
            entity.id = draft.id();
            entity.createdAt = Instant.now();
            entity.passwordHash = hash;
            entity.mustChangePassword = true;
            apply(draft, entity);
            em.persist(entity);
            return toUser(entity);
        });
    }

    @Override
    public User editUser(String id, UserDraft draft) {
        if (draft.id() != null && !draft.id().equals(id)) {
            throw new InvalidInputException("id", "the ID of a user cannot be changed");
        }
        UserDraft complete = new UserDraft(id, draft.name(), draft.password(), draft.enabled(), draft.mail(),
                draft.roles(), draft.options());
        PeopleRules.user(complete);
        String newHash = complete.password() == null ? null : hasher.hash(PeopleRules.password("password", complete.password()));
        User edited = write(em -> {
            UserEntity entity = findUser(em, id);
            boolean staysAdmin = complete.enabled() && complete.roles().contains(Role.ADMIN);
            if (!staysAdmin) {
                requireAnotherAdmin(em, id, "disabled or lose the admin role");
            }
            apply(complete, entity);
            if (newHash != null) {
                entity.passwordHash = newHash;
                entity.mustChangePassword = true;
            }
            return toUser(entity);
        });
        if (newHash != null && ADMIN_ID.equals(id)) {
            forgetInitialPassword();
        }
        return edited;
    }

    @Override
    public void removeUser(String id) {
        write(em -> {
            UserEntity entity = findUser(em, id);
            requireAnotherAdmin(em, id, "removed");
            em.createQuery("delete from MembershipEntity m where m.userId = :id").setParameter("id", id).executeUpdate();
            em.remove(entity);
            return null;
        });
        if (ADMIN_ID.equals(id)) {
            forgetInitialPassword();
        }
    }

    @Override
    public Optional<User> checkPassword(String id, String password) {
        Optional<UserEntity> stored = id == null ? Optional.empty()
                : tx.inTransaction(em -> Optional.ofNullable(em.find(UserEntity.class, id)));
        if (stored.isEmpty()) {
            hasher.matchNothing(password);
            return Optional.empty();
        }
        return hasher.matches(password, stored.get().passwordHash) ? stored.map(JpaPeopleService::toUser) : Optional.empty();
    }

    @Override
    public User changePassword(String id, String currentPassword, String newPassword) {
        PeopleRules.password("newPassword", newPassword);
        if (newPassword.equals(currentPassword)) {
            throw new InvalidInputException("newPassword", "must differ from the current password");
        }
        UserEntity stored = tx.inTransaction(em -> findUser(em, id));
        if (!hasher.matches(currentPassword, stored.passwordHash)) {
            throw new WrongPasswordException();
        }
        String hash = hasher.hash(newPassword);
        User changed = write(em -> {
            UserEntity entity = findUser(em, id);
            entity.passwordHash = hash;
            entity.mustChangePassword = false;
            return toUser(entity);
        });
        if (ADMIN_ID.equals(id)) {
            forgetInitialPassword();
        }
        return changed;
    }

    /** The generated first password is useless once replaced or its account gone; left on disk it would mislead. */
    private void forgetInitialPassword() {
        try {
            if (Files.deleteIfExists(initialPasswordFile)) {
                LOG.info("The administrator changed the initial password; removed {}", initialPasswordFile);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", initialPasswordFile, e.getMessage());
        }
    }

    @Override
    public List<Group> groups(String filter) {
        String needle = normalise(filter);
        return tx.inTransaction(em -> em.createQuery("select g from GroupEntity g order by g.id", GroupEntity.class)
                .getResultStream()
                .map(JpaPeopleService::toGroup)
                .filter(g -> needle.isEmpty() || contains(needle, g.id(), g.name()))
                .collect(Collectors.toList()));
    }

    @Override
    public Optional<Group> group(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return tx.inTransaction(em -> Optional.ofNullable(em.find(GroupEntity.class, id)).map(JpaPeopleService::toGroup));
    }

    @Override
    public List<Group> groupsOf(String userId) {
        return tx.inTransaction(em -> em.createQuery(
                        "select m.group from MembershipEntity m where m.userId = :user and m.group.enabled = true"
                                + " order by m.group.id", GroupEntity.class)
                .setParameter("user", userId)
                .getResultStream()
                .map(JpaPeopleService::toGroup)
                .collect(Collectors.toList()));
    }

    @Override
    public Group addGroup(Group group) {
        PeopleRules.group(group);
        return write(em -> {
            if (em.find(GroupEntity.class, group.id()) != null) {
                throw new ConflictException("A group with ID '" + group.id() + "' exists already");
            }
            GroupEntity entity = new GroupEntity();
            entity.id = group.id();
            applyGroup(em, group, entity);
            em.persist(entity);
            return toGroup(entity);
        });
    }

    @Override
    public Group editGroup(String id, Group group) {
        if (group.id() != null && !group.id().equals(id)) {
            throw new InvalidInputException("id", "the ID of a group cannot be changed");
        }
        Group complete = new Group(id, group.name(), group.enabled(), group.members(), group.chatAdmins());
        PeopleRules.group(complete);
        return write(em -> {
            GroupEntity entity = em.find(GroupEntity.class, id);
            if (entity == null) {
                throw new UnknownPersonException("group", id);
            }
            applyGroup(em, complete, entity);
            return toGroup(entity);
        });
    }

    @Override
    public void removeGroup(String id) {
        write(em -> {
            GroupEntity entity = em.find(GroupEntity.class, id);
            if (entity == null) {
                throw new UnknownPersonException("group", id);
            }
            em.remove(entity);
            return null;
        });
    }

    @Override
    public void writeUsersCsv(Appendable out) throws IOException {
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader("id", "name", "enabled", "mail", "roles", "mustChangePassword", "options").build())) {
            for (User user : users(null)) {
                csv.printRecord(user.id(), cell(user.name()), user.enabled(), cell(String.join(";", user.mail())),
                        user.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(";")),
                        user.mustChangePassword(),
                        cell(new TreeMap<>(user.options()).entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"))));
            }
        }
    }

    @Override
    public void writeGroupsCsv(Appendable out) throws IOException {
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader("id", "name", "enabled", "members", "chatAdmins").build())) {
            for (Group group : groups(null)) {
                csv.printRecord(group.id(), cell(group.name()), group.enabled(),
                        group.members().stream().sorted().collect(Collectors.joining(";")),
                        group.chatAdmins().stream().sorted().collect(Collectors.joining(";")));
            }
        }
    }

    /**
     * Free text for a CSV cell. A leading =, +, - or @ would make a spreadsheet run it as a formula when the export
     * is opened (OWASP "CSV injection"), so such text is quoted with an apostrophe. IDs cannot start that way.
     */
    static String cell(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    private static UserEntity findUser(EntityManager em, String id) {
        UserEntity entity = id == null ? null : em.find(UserEntity.class, id);
        if (entity == null) {
            throw new UnknownPersonException("user", id);
        }
        return entity;
    }

    /** Refuses to leave the server without an enabled administrator other than {@code id}. */
    private static void requireAnotherAdmin(EntityManager em, String id, String change) {
        UserEntity entity = findUser(em, id);
        if (!entity.enabled || !entity.roles.contains(Role.ADMIN)) {
            return;
        }
        long others = em.createQuery("select count(u) from UserEntity u join u.roles r"
                        + " where r = :admin and u.enabled = true and u.id <> :id", Long.class)
                .setParameter("admin", Role.ADMIN).setParameter("id", id).getSingleResult();
        if (others == 0) {
            throw new ConflictException("'" + id + "' is the last enabled administrator and cannot be " + change);
        }
    }

    private static void apply(UserDraft draft, UserEntity entity) {
        entity.name = PeopleRules.name(draft.name(), draft.id());
        entity.enabled = draft.enabled();
        entity.mail = PeopleRules.mail(draft.mail());
        entity.roles.clear();
        entity.roles.addAll(draft.roles());
        entity.options.clear();
        entity.options.putAll(draft.options());
    }

    private static void applyGroup(EntityManager em, Group group, GroupEntity entity) {
        Set<String> missing = new LinkedHashSet<>();
        for (String member : group.members()) {
            if (em.find(UserEntity.class, member) == null) {
                missing.add(member);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("members", "no user with ID " + String.join(", ", missing));
        }
        entity.name = PeopleRules.name(group.name(), group.id());
        entity.enabled = group.enabled();
        var byUser = new HashMap<String, MembershipEntity>();
        entity.memberships.forEach(m -> byUser.put(m.userId, m));
        entity.memberships.removeIf(m -> !group.members().contains(m.userId));
        for (String member : group.members().stream().sorted().toList()) {
            MembershipEntity membership = byUser.get(member);
            if (membership == null) {
                membership = new MembershipEntity();
                membership.group = entity;
                membership.userId = member;
                entity.memberships.add(membership);
            }
            membership.chatAdmin = group.chatAdmins().contains(member);
        }
    }

    static User toUser(UserEntity entity) {
        return new User(entity.id, entity.name, entity.enabled, PeopleRules.splitMail(entity.mail),
                entity.roles.isEmpty() ? Set.of() : EnumSet.copyOf(entity.roles),
                new HashMap<>(entity.options), entity.mustChangePassword);
    }

    static Group toGroup(GroupEntity entity) {
        List<MembershipEntity> memberships = new ArrayList<>(entity.memberships);
        memberships.sort(Comparator.comparing(m -> m.userId));
        return new Group(entity.id, entity.name, entity.enabled,
                memberships.stream().map(m -> m.userId).collect(Collectors.toSet()),
                memberships.stream().filter(m -> m.chatAdmin).map(m -> m.userId).collect(Collectors.toSet()));
    }

    private static String normalise(String filter) {
        return filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT);
    }

    private static boolean contains(String needle, String... fields) {
        for (String field : fields) {
            if (field != null && field.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

}
