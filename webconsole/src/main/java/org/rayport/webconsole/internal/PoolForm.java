package org.rayport.webconsole.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import org.rayport.pools.Pool;
import org.rayport.pools.PoolException;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolType;

/**
 * The pool form of {@link PoolsPlugin} as text, the way the browser sends it and the page shows it, and the pool it
 * stands for. The form always sends every field of its type (an unticked checkbox sends nothing, which is false), so
 * a saved form replaces the pool's settings as a whole. Field names are those of the pool's configuration
 * properties.
 */
record PoolForm(boolean editing, String type, String id, String name, boolean enabled, String storagePath,
                boolean cachePool, String retentionDays, String deviceRetentionHours, boolean autoDownload,
                boolean allowJpeg, boolean pseudonymize, String users, String groups, String port, String aeTitle,
                String allowedCallers, String pacsHost, String pacsPort, String pacsAeTitle, String localAeTitle,
                String retrievePort, String directory) {

    /** An empty form for a new pool of the type, with the defaults of {@link PoolOptions#DEFAULTS}. */
    static PoolForm blank(PoolType type) {
        PoolOptions d = PoolOptions.DEFAULTS;
        return new PoolForm(false, type.key(), "", "", d.enabled(), d.storagePath(), d.cachePool(),
                number(d.retentionDays()), number(d.deviceRetentionHours()), d.autoDownload(), d.allowJpeg(),
                d.pseudonymize(), "", "", "", "", "", "", "", "", "", "", "");
    }

    static PoolForm of(Pool pool) {
        PoolOptions o = pool.options();
        PoolSettings s = pool.settings();
        PoolSettings.NetworkNode node = s instanceof PoolSettings.NetworkNode n ? n : null;
        PoolSettings.QueryRetrieve qr = s instanceof PoolSettings.QueryRetrieve q ? q : null;
        PoolSettings.Folder folder = s instanceof PoolSettings.Folder f ? f : null;
        return new PoolForm(true, pool.type().key(), pool.id(), pool.name(), o.enabled(), o.storagePath(),
                o.cachePool(), number(o.retentionDays()), number(o.deviceRetentionHours()), o.autoDownload(),
                o.allowJpeg(), o.pseudonymize(), String.join("; ", new TreeSet<>(pool.users())),
                String.join("; ", new TreeSet<>(pool.groups())),
                node == null ? "" : Integer.toString(node.port()),
                node == null ? "" : node.aeTitle(),
                node == null ? "" : String.join("; ", node.allowedCallers()),
                qr == null ? "" : qr.pacsHost(),
                qr == null ? "" : Integer.toString(qr.pacsPort()),
                qr == null ? "" : qr.pacsAeTitle(),
                qr == null ? "" : qr.localAeTitle(),
                qr == null ? "" : Integer.toString(qr.retrievePort()),
                folder == null ? "" : folder.directory());
    }

    /** What the browser sent; {@code parameter} answers null for a field that was not sent. */
    static PoolForm sent(boolean editing, UnaryOperator<String> parameter) {
        return new PoolForm(editing, text(parameter, "type"), text(parameter, "id"), text(parameter, "name"),
                parameter.apply("enabled") != null, text(parameter, "storagePath"),
                parameter.apply("cachePool") != null, text(parameter, "retentionDays"),
                text(parameter, "deviceRetentionHours"), parameter.apply("autoDownload") != null,
                parameter.apply("allowJpeg") != null, parameter.apply("pseudonymize") != null,
                text(parameter, "users"), text(parameter, "groups"), text(parameter, "port"),
                text(parameter, "aeTitle"), text(parameter, "allowedCallers"), text(parameter, "pacsHost"),
                text(parameter, "pacsPort"), text(parameter, "pacsAeTitle"), text(parameter, "localAeTitle"),
                text(parameter, "retrievePort"), text(parameter, "directory"));
    }

    PoolType poolType() {
        try {
            return PoolType.ofKey(type);
        } catch (IllegalArgumentException unknown) {
            throw invalid(unknown.getMessage());
        }
    }

    /**
     * The pool the form describes.
     *
     * @throws PoolException (INVALID) with a message for the page's red box when a value is unusable
     */
    Pool toPool() {
        PoolType poolType = poolType();
        try {
            PoolOptions options = new PoolOptions(enabled, storagePath, cachePool,
                    decimal("Delete on the server after (days)", retentionDays),
                    decimal("Delete on devices after (hours)", deviceRetentionHours), autoDownload, allowJpeg,
                    pseudonymize);
            PoolSettings settings = switch (poolType) {
                case NETWORK_NODE -> new PoolSettings.NetworkNode(port("Port", port), aeTitle,
                        allowedCallers(allowedCallers));
                case QUERY_RETRIEVE -> new PoolSettings.QueryRetrieve(pacsHost, port("PACS port", pacsPort),
                        pacsAeTitle, localAeTitle, port("Retrieve port", retrievePort));
                case FOLDER -> new PoolSettings.Folder(directory);
                case USER_STORAGE -> new PoolSettings.UserStorage();
            };
            return new Pool(id, name, options, settings, new LinkedHashSet<>(RayportPlugin.split(users)),
                    new LinkedHashSet<>(RayportPlugin.split(groups)));
        } catch (IllegalArgumentException refused) {
            throw invalid(refused.getMessage());
        }
    }

    /**
     * {@code AE} or {@code AE@host}, separated by semicolons, commas or line ends but not by spaces, which an AE
     * title may contain. Checked here against the AE title rules of PS3.5, which the network-node pool applies when
     * it starts: a bad entry should be refused by the form, not fail the pool later.
     */
    static List<String> allowedCallers(String text) {
        List<String> callers = new ArrayList<>();
        for (String entry : text == null ? new String[0] : text.split("[;,\\r\\n]+")) {
            String caller = entry.strip();
            if (caller.isEmpty()) {
                continue;
            }
            int at = caller.indexOf('@');
            String aeTitle = (at < 0 ? caller : caller.substring(0, at)).strip();
            String host = at < 0 ? null : caller.substring(at + 1).strip();
            if (aeTitle.isEmpty() || aeTitle.length() > 16
                    || !aeTitle.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '\\')) {
                throw invalid("Allowed callers: '" + caller + "' does not start with an AE title of 1 to 16"
                        + " printable ASCII characters without backslash");
            }
            if (host != null && (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace))) {
                throw invalid("Allowed callers: '" + caller + "' needs a host name or address after '@'");
            }
            callers.add(host == null ? aeTitle : aeTitle + "@" + host);
        }
        return callers;
    }

    private static int port(String label, String text) {
        String value = text == null ? "" : text.strip();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(label + " must be a whole number from 1 to 65535: '" + value + "'");
        }
    }

    /** Empty means 0 (keep); a decimal comma is accepted, since many administrators type one. */
    private static double decimal(String label, String text) {
        String value = text == null ? "" : text.strip().replace(',', '.');
        if (value.isEmpty()) {
            return 0;
        }
        try {
            double number = Double.parseDouble(value);
            if (!Double.isFinite(number)) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw invalid(label + " must be a number, 0 or more: '" + text.strip() + "'");
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String text(UnaryOperator<String> parameter, String name) {
        String value = parameter.apply(name);
        return value == null ? "" : value;
    }

    private static PoolException invalid(String message) {
        return new PoolException(PoolException.Reason.INVALID, message);
    }

    /** The types in the order the page offers them, with the words it uses. */
    static List<PoolType> types() {
        return Arrays.asList(PoolType.values());
    }

    static String label(PoolType type) {
        return switch (type) {
            case NETWORK_NODE -> "network node";
            case QUERY_RETRIEVE -> "query/retrieve";
            case FOLDER -> "folder";
            case USER_STORAGE -> "user storage";
        };
    }
}
