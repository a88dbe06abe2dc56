package org.rayport.pools;

import java.util.List;

/** What is particular to each pool type. */
public sealed interface PoolSettings permits PoolSettings.NetworkNode, PoolSettings.QueryRetrieve,
        PoolSettings.Folder, PoolSettings.UserStorage {

    PoolType type();

    /**
     * A C-STORE SCP. Several pools may share a port with different AE titles. The SCP also answers C-FIND, C-MOVE
     * and C-GET on the pool's data for the allowed callers.
     *
     * @param allowedCallers calling AE titles let in, each optionally as {@code AE@host}; empty lets every caller in
     */
    record NetworkNode(int port, String aeTitle, List<String> allowedCallers) implements PoolSettings {
        public NetworkNode {
            Checks.port("port", port);
            aeTitle = Checks.aeTitle("aeTitle", aeTitle);
            allowedCallers = allowedCallers == null ? List.of() : List.copyOf(allowedCallers);
            for (String caller : allowedCallers) {
                int at = caller.indexOf('@');
                Checks.aeTitle("allowedCallers", at < 0 ? caller : caller.substring(0, at));
                if (at >= 0 && caller.substring(at + 1).isBlank()) {
                    throw new IllegalArgumentException("allowedCallers: a host must follow '@' in '" + caller + "'");
                }
            }
        }

        @Override
        public PoolType type() {
            return PoolType.NETWORK_NODE;
        }
    }

    /**
     * A PACS to search and retrieve from.
     *
     * @param localAeTitle this side's AE title, which the PACS must know as a C-MOVE destination
     * @param retrievePort where this side's storage SCP receives what the PACS moves
     */
    record QueryRetrieve(String pacsHost, int pacsPort, String pacsAeTitle, String localAeTitle, int retrievePort)
            implements PoolSettings {
        public QueryRetrieve {
            if (pacsHost == null || pacsHost.isBlank()) {
                throw new IllegalArgumentException("pacsHost is required");
            }
            Checks.port("pacsPort", pacsPort);
            pacsAeTitle = Checks.aeTitle("pacsAeTitle", pacsAeTitle);
            localAeTitle = Checks.aeTitle("localAeTitle", localAeTitle);
            Checks.port("retrievePort", retrievePort);
        }

        @Override
        public PoolType type() {
            return PoolType.QUERY_RETRIEVE;
        }
    }

    /** A directory whose DICOM, PDF and image files are imported as they appear. */
    record Folder(String directory) implements PoolSettings {
        public Folder {
            if (directory == null || directory.isBlank()) {
                throw new IllegalArgumentException("directory is required");
            }
        }

        @Override
        public PoolType type() {
            return PoolType.FOLDER;
        }
    }

    /** Where users' uploads land. */
    record UserStorage() implements PoolSettings {
        @Override
        public PoolType type() {
            return PoolType.USER_STORAGE;
        }
    }

    /** Validation shared by the settings records. */
    final class Checks {
        private Checks() {
        }

        static void port(String field, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(field + " must be 1 to 65535: " + port);
            }
        }

        static String aeTitle(String field, String value) {
            String title = value == null ? "" : value.strip();
            if (title.isEmpty() || title.length() > 16 || !title.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '\\')) {
                throw new IllegalArgumentException(field + " must be 1 to 16 printable ASCII characters without"
                        + " backslash: '" + value + "'");
            }
            return title;
        }
    }
}
