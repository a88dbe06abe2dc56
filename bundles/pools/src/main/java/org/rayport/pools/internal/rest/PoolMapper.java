package org.rayport.pools.internal.rest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.people.PeopleService;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolStatus;
import org.rayport.pools.PoolType;

/**
 * Between pools and {@link PoolDto}, for the REST API and the shell alike.
 *
 * <p>A request changes only what it gives: {@link #toNewPool} starts from {@link PoolOptions#DEFAULTS} and requires
 * the id, the type and the settings the type cannot do without; {@link #merge} starts from the pool as it is. Every
 * refusal is an {@link InvalidPoolField} naming the field. The value checks themselves stay where the pool API makes
 * them (the records' constructors); their messages begin with the field's name, which is how a refusal is given its
 * field here.
 */
public final class PoolMapper {

    public static final String PSEUDONYMIZATION_WARNING = "Pseudonymization replaces the identifying attributes of"
            + " each dataset, but text burned into the pixel data (names on ultrasound or scanned images, screenshots)"
            + " is NOT removed. Check such images before they leave the hospital.";

    /** Ids the REST API cannot address: {@code GET /admin/pools/statuses} is the status of every pool. */
    static final Set<String> RESERVED_IDS = Set.of("statuses");

    static final int MAX_NAME_LENGTH = 200;
    /** Bounds what one request can make ConfigAdmin persist. */
    static final int MAX_LIST_ENTRIES = 1000;

    private static final Map<PoolType, List<String>> SETTINGS_FIELDS = Map.of(
            PoolType.NETWORK_NODE, List.of("port", "aeTitle", "allowedCallers"),
            PoolType.QUERY_RETRIEVE, List.of("pacsHost", "pacsPort", "pacsAeTitle", "localAeTitle", "retrievePort"),
            PoolType.FOLDER, List.of("directory"),
            PoolType.USER_STORAGE, List.of());

    private PoolMapper() {
    }

    /** @param status null leaves the status out */
    public static PoolDto toDto(Pool pool, PoolStatus status) {
        PoolOptions o = pool.options();
        PoolSettings s = pool.settings();
        PoolSettings.NetworkNode node = s instanceof PoolSettings.NetworkNode n ? n : null;
        PoolSettings.QueryRetrieve qr = s instanceof PoolSettings.QueryRetrieve q ? q : null;
        PoolSettings.Folder folder = s instanceof PoolSettings.Folder f ? f : null;
        return new PoolDto(pool.id(), pool.name(), pool.type().key(), o.enabled(), o.storagePath(), o.cachePool(),
                o.retentionDays(), o.deviceRetentionHours(), o.autoDownload(), o.allowJpeg(), o.pseudonymize(),
                List.copyOf(new TreeSet<>(pool.users())), List.copyOf(new TreeSet<>(pool.groups())),
                node == null ? null : node.port(),
                node == null ? null : node.aeTitle(),
                node == null ? null : node.allowedCallers(),
                qr == null ? null : qr.pacsHost(),
                qr == null ? null : qr.pacsPort(),
                qr == null ? null : qr.pacsAeTitle(),
                qr == null ? null : qr.localAeTitle(),
                qr == null ? null : qr.retrievePort(),
                folder == null ? null : folder.directory(),
                status == null ? null : PoolStatusDto.of(status),
                o.pseudonymize() ? List.of(PSEUDONYMIZATION_WARNING) : null);
    }

    /** Where a pool's data comes from, in a few words: its listener {@code AE@port}, PACS, or folder. */
    public static String source(Pool pool) {
        PoolSettings s = pool.settings();
        if (s instanceof PoolSettings.NetworkNode node) {
            return node.aeTitle() + "@" + node.port();
        }
        if (s instanceof PoolSettings.QueryRetrieve qr) {
            return qr.pacsAeTitle() + "@" + qr.pacsHost() + ":" + qr.pacsPort() + " (receives as " + qr.localAeTitle()
                    + "@" + qr.retrievePort() + ")";
        }
        if (s instanceof PoolSettings.Folder folder) {
            return folder.directory();
        }
        return "uploads";
    }

    /** A new pool: the id and type are required; options not given take the defaults. */
    public static Pool toNewPool(PoolDto request) {
        if (request.id() == null || request.id().isBlank()) {
            throw new InvalidPoolField("id", "id is required");
        }
        String id = request.id().strip();
        if (RESERVED_IDS.contains(id)) {
            throw new InvalidPoolField("id", "'" + id + "' cannot be a pool id: the REST API uses the path"
                    + " /admin/pools/" + id + " for something else");
        }
        return build(id, type(request.type()), null, request);
    }

    /** The pool with the fields the request gives changed; the id and the type cannot change. */
    public static Pool merge(Pool current, PoolDto changes) {
        if (changes.id() != null && !changes.id().strip().equals(current.id())) {
            throw new InvalidPoolField("id", "The id in the request ('" + changes.id() + "') differs from the pool's ('"
                    + current.id() + "'); a pool's id cannot change");
        }
        if (changes.type() != null && type(changes.type()) != current.type()) {
            throw new InvalidPoolField("type", "Pool " + current.id() + " is a " + current.type().key()
                    + " pool; its type cannot change to " + changes.type().strip());
        }
        return build(current.id(), current.type(), current, changes);
    }

    /**
     * Refuses a grant to a user or group that does not exist, so that a typing error does not silently grant
     * nothing. Names already granted are not checked again: a user removed since keeps the pool editable.
     *
     * @param current null when adding
     */
    public static void checkGrants(Pool pool, Pool current, PeopleService people) {
        for (String user : new TreeSet<>(pool.users())) {
            if ((current == null || !current.users().contains(user)) && people.user(user).isEmpty()) {
                throw new InvalidPoolField("users", "there is no user '" + user + "'");
            }
        }
        for (String group : new TreeSet<>(pool.groups())) {
            if ((current == null || !current.groups().contains(group)) && people.group(group).isEmpty()) {
                throw new InvalidPoolField("groups", "there is no group '" + group + "'");
            }
        }
    }

    static PoolType type(String key) {
        if (key == null || key.isBlank()) {
            throw new InvalidPoolField("type", "type is required: one of " + typeKeys());
        }
        try {
            return PoolType.ofKey(key.strip());
        } catch (IllegalArgumentException unknown) {
            throw new InvalidPoolField("type", unknown.getMessage());
        }
    }

    static String typeKeys() {
        return Arrays.stream(PoolType.values()).map(PoolType::key).collect(Collectors.joining(", "));
    }

    private static Pool build(String id, PoolType type, Pool current, PoolDto request) {
        refuseOtherTypesSettings(type, request);
        PoolOptions options = options(current == null ? PoolOptions.DEFAULTS : current.options(), request);
        PoolSettings settings = settings(type, current == null ? null : current.settings(), request);
        String name = request.name() != null ? request.name() : current == null ? null : current.name();
        if (name != null && name.strip().length() > MAX_NAME_LENGTH) {
            throw new InvalidPoolField("name", "name must have at most " + MAX_NAME_LENGTH + " characters");
        }
        Set<String> users = request.users() != null ? ids("users", request.users())
                : current == null ? Set.of() : current.users();
        Set<String> groups = request.groups() != null ? ids("groups", request.groups())
                : current == null ? Set.of() : current.groups();
        try {
            return new Pool(id, name, options, settings, users, groups);
        } catch (IllegalArgumentException badId) {
            // Options and settings are never null here, so the id is what the constructor refused.
            throw new InvalidPoolField("id", badId.getMessage());
        }
    }

    private static void refuseOtherTypesSettings(PoolType type, PoolDto r) {
        Map<String, Object> given = new java.util.LinkedHashMap<>();
        given.put("port", r.port());
        given.put("aeTitle", r.aeTitle());
        given.put("allowedCallers", r.allowedCallers());
        given.put("pacsHost", r.pacsHost());
        given.put("pacsPort", r.pacsPort());
        given.put("pacsAeTitle", r.pacsAeTitle());
        given.put("localAeTitle", r.localAeTitle());
        given.put("retrievePort", r.retrievePort());
        given.put("directory", r.directory());
        for (Map.Entry<String, Object> field : given.entrySet()) {
            if (field.getValue() != null && !SETTINGS_FIELDS.get(type).contains(field.getKey())) {
                throw new InvalidPoolField(field.getKey(), field.getKey() + " does not apply to " + type.key()
                        + " pools; they take " + (SETTINGS_FIELDS.get(type).isEmpty() ? "no settings of their own"
                        : String.join(", ", SETTINGS_FIELDS.get(type))));
            }
        }
    }

    private static PoolOptions options(PoolOptions base, PoolDto r) {
        double retentionDays = finite("retentionDays", r.retentionDays(), base.retentionDays());
        double deviceRetentionHours = finite("deviceRetentionHours", r.deviceRetentionHours(),
                base.deviceRetentionHours());
        try {
            return new PoolOptions(or(r.enabled(), base.enabled()), or(r.storagePath(), base.storagePath()),
                    or(r.cachePool(), base.cachePool()), retentionDays, deviceRetentionHours,
                    or(r.autoDownload(), base.autoDownload()), or(r.allowJpeg(), base.allowJpeg()),
                    or(r.pseudonymize(), base.pseudonymize()));
        } catch (IllegalArgumentException refused) {
            throw new InvalidPoolField(fieldNamedIn(refused, List.of("retentionDays", "deviceRetentionHours")),
                    refused.getMessage());
        }
    }

    private static PoolSettings settings(PoolType type, PoolSettings current, PoolDto r) {
        try {
            return switch (type) {
                case NETWORK_NODE -> {
                    PoolSettings.NetworkNode c = (PoolSettings.NetworkNode) current;
                    yield new PoolSettings.NetworkNode(
                            pick(r.port(), c == null ? null : c.port(), "port", type),
                            pick(r.aeTitle(), c == null ? null : c.aeTitle(), "aeTitle", type),
                            r.allowedCallers() != null ? allowedCallers(r.allowedCallers())
                                    : c == null ? List.of() : c.allowedCallers());
                }
                case QUERY_RETRIEVE -> {
                    PoolSettings.QueryRetrieve c = (PoolSettings.QueryRetrieve) current;
                    yield new PoolSettings.QueryRetrieve(
                            pick(r.pacsHost(), c == null ? null : c.pacsHost(), "pacsHost", type),
                            pick(r.pacsPort(), c == null ? null : c.pacsPort(), "pacsPort", type),
                            pick(r.pacsAeTitle(), c == null ? null : c.pacsAeTitle(), "pacsAeTitle", type),
                            pick(r.localAeTitle(), c == null ? null : c.localAeTitle(), "localAeTitle", type),
                            pick(r.retrievePort(), c == null ? null : c.retrievePort(), "retrievePort", type));
                }
                case FOLDER -> {
                    PoolSettings.Folder c = (PoolSettings.Folder) current;
                    yield new PoolSettings.Folder(pick(r.directory(), c == null ? null : c.directory(), "directory",
                            type));
                }
                case USER_STORAGE -> new PoolSettings.UserStorage();
            };
        } catch (IllegalArgumentException refused) {
            throw new InvalidPoolField(fieldNamedIn(refused, SETTINGS_FIELDS.get(type)), refused.getMessage());
        }
    }

    /**
     * {@code AE} or {@code AE@host}, as the network-node pool reads them; checked here so that a bad entry is refused
     * with its field rather than failing the pool when it starts.
     */
    static List<String> allowedCallers(List<String> entries) {
        if (entries.size() > MAX_LIST_ENTRIES) {
            throw new InvalidPoolField("allowedCallers", "allowedCallers may have at most " + MAX_LIST_ENTRIES
                    + " entries");
        }
        List<String> callers = new ArrayList<>();
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            String text = entry.strip();
            int at = text.indexOf('@');
            String aeTitle = at < 0 ? text : text.substring(0, at);
            String host = at < 0 ? null : text.substring(at + 1).strip();
            try {
                aeTitle = AeTitle.of(aeTitle).value();
            } catch (IllegalArgumentException refused) {
                throw new InvalidPoolField("allowedCallers", "allowedCallers: '" + text + "': "
                        + refused.getMessage());
            }
            if (host != null && (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace))) {
                throw new InvalidPoolField("allowedCallers", "allowedCallers: '" + text
                        + "' needs a host name or address after '@'");
            }
            callers.add(host == null ? aeTitle : aeTitle + "@" + host);
        }
        return List.copyOf(callers);
    }

    private static Set<String> ids(String field, List<String> given) {
        if (given.size() > MAX_LIST_ENTRIES) {
            throw new InvalidPoolField(field, field + " may have at most " + MAX_LIST_ENTRIES + " entries");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String id : given) {
            if (id != null && !id.isBlank()) {
                ids.add(id.strip());
            }
        }
        return ids;
    }

    private static <T> T pick(T given, T current, String field, PoolType type) {
        if (given != null) {
            return given;
        }
        if (current != null) {
            return current;
        }
        throw new InvalidPoolField(field, field + " is required for " + type.key() + " pools");
    }

    private static double finite(String field, Double given, double current) {
        if (given == null) {
            return current;
        }
        if (!Double.isFinite(given)) {
            throw new InvalidPoolField(field, field + " must be a number of 0 (keep) or more: " + given);
        }
        return given;
    }

    private static <T> T or(T given, T current) {
        return given != null ? given : current;
    }

    /** The field whose name the message starts with, as the pool API's messages do; null if none does. */
    private static String fieldNamedIn(IllegalArgumentException refused, List<String> fields) {
        String message = String.valueOf(refused.getMessage());
        return fields.stream().filter(field -> message.startsWith(field + " ")).findFirst().orElse(null);
    }
}
