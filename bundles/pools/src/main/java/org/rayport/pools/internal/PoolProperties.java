package org.rayport.pools.internal;

import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolType;

/**
 * A pool as ConfigAdmin properties and back. The property names are those of the metatype descriptions
 * ({@link NetworkNodeConfig} and its siblings), so that the web console's configuration page and this mapping agree.
 */
final class PoolProperties {

    static final String ID = "id";

    private PoolProperties() {
    }

    static Dictionary<String, Object> of(Pool pool) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(ID, pool.id());
        p.put("name", pool.name());
        PoolOptions o = pool.options();
        p.put("enabled", o.enabled());
        p.put("storagePath", o.storagePath());
        p.put("cachePool", o.cachePool());
        p.put("retentionDays", o.retentionDays());
        p.put("deviceRetentionHours", o.deviceRetentionHours());
        p.put("autoDownload", o.autoDownload());
        p.put("allowJpeg", o.allowJpeg());
        p.put("pseudonymize", o.pseudonymize());
        p.put("users", new TreeSet<>(pool.users()).toArray(String[]::new));
        p.put("groups", new TreeSet<>(pool.groups()).toArray(String[]::new));
        PoolSettings s = pool.settings();
        if (s instanceof PoolSettings.NetworkNode node) {
            p.put("port", node.port());
            p.put("aeTitle", node.aeTitle());
            p.put("allowedCallers", node.allowedCallers().toArray(String[]::new));
        } else if (s instanceof PoolSettings.QueryRetrieve qr) {
            p.put("pacsHost", qr.pacsHost());
            p.put("pacsPort", qr.pacsPort());
            p.put("pacsAeTitle", qr.pacsAeTitle());
            p.put("localAeTitle", qr.localAeTitle());
            p.put("retrievePort", qr.retrievePort());
        } else if (s instanceof PoolSettings.Folder folder) {
            p.put("directory", folder.directory());
        }
        return p;
    }

    /** @throws IllegalArgumentException naming the property when a value is missing or unusable */
    static Pool toPool(PoolType type, Map<String, ?> p) {
        PoolOptions options = new PoolOptions(bool(p, "enabled", true), string(p, "storagePath", ""),
                bool(p, "cachePool", false), number(p, "retentionDays", 0), number(p, "deviceRetentionHours", 0),
                bool(p, "autoDownload", false), bool(p, "allowJpeg", true), bool(p, "pseudonymize", false));
        PoolSettings settings = switch (type) {
            case NETWORK_NODE -> new PoolSettings.NetworkNode((int) number(p, "port", 0), string(p, "aeTitle", ""),
                    strings(p, "allowedCallers"));
            case QUERY_RETRIEVE -> new PoolSettings.QueryRetrieve(string(p, "pacsHost", ""),
                    (int) number(p, "pacsPort", 0), string(p, "pacsAeTitle", ""), string(p, "localAeTitle", ""),
                    (int) number(p, "retrievePort", 0));
            case FOLDER -> new PoolSettings.Folder(string(p, "directory", ""));
            case USER_STORAGE -> new PoolSettings.UserStorage();
        };
        return new Pool(string(p, ID, ""), string(p, "name", ""), options, settings, Set.copyOf(strings(p, "users")),
                Set.copyOf(strings(p, "groups")));
    }

    private static String string(Map<String, ?> p, String key, String fallback) {
        Object value = p.get(key);
        return value == null ? fallback : value.toString();
    }

    private static boolean bool(Map<String, ?> p, String key, boolean fallback) {
        Object value = p.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().strip();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " must be true or false: '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    private static double number(Map<String, ?> p, String key, double fallback) {
        Object value = p.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number: '" + value + "'");
        }
    }

    private static List<String> strings(Map<String, ?> p, String key) {
        Object value = p.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String[] array) {
            return Arrays.stream(array).map(String::strip).filter(v -> !v.isEmpty()).toList();
        }
        if (value instanceof java.util.Collection<?> collection) {
            return collection.stream().map(Object::toString).map(String::strip).filter(v -> !v.isEmpty()).toList();
        }
        return Arrays.stream(value.toString().split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }
}
