package org.rayport.pools.internal.command;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolException;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolStatus;
import org.rayport.pools.internal.rest.InvalidPoolField;
import org.rayport.pools.internal.rest.PoolMapper;

/** What the pool commands share: refusals as messages, the options' names, confirmation and formatting. */
final class PoolCommandSupport {

    /** The option that sets each field of {@link org.rayport.pools.internal.rest.PoolDto}. */
    private static final Map<String, String> OPTION_OF_FIELD = Map.ofEntries(
            Map.entry("name", "--name"),
            Map.entry("enabled", "--disabled"),
            Map.entry("storagePath", "--storage-path"),
            Map.entry("cachePool", "--cache"),
            Map.entry("retentionDays", "--retention-days"),
            Map.entry("deviceRetentionHours", "--device-retention-hours"),
            Map.entry("autoDownload", "--auto-download"),
            Map.entry("allowJpeg", "--no-jpeg"),
            Map.entry("pseudonymize", "--pseudonymize"),
            Map.entry("users", "--user"),
            Map.entry("groups", "--group"),
            Map.entry("port", "--port"),
            Map.entry("aeTitle", "--ae-title"),
            Map.entry("allowedCallers", "--allowed-caller"),
            Map.entry("pacsHost", "--pacs-host"),
            Map.entry("pacsPort", "--pacs-port"),
            Map.entry("pacsAeTitle", "--pacs-ae-title"),
            Map.entry("localAeTitle", "--local-ae-title"),
            Map.entry("retrievePort", "--retrieve-port"),
            Map.entry("directory", "--directory"));

    private static final DateTimeFormatter SINCE = DateTimeFormatter.ISO_INSTANT;

    private PoolCommandSupport() {
    }

    /** The option (or argument) an operator typed for a field, e.g. {@code --ae-title} for {@code aeTitle}. */
    static String optionOf(String field) {
        return field == null ? null : OPTION_OF_FIELD.getOrDefault(field, field);
    }

    /**
     * Karaf prints a CommandException's message in red without a stack trace: a refused change is the operator's to
     * correct, not a fault. A refused value is prefixed with the option that gave it.
     */
    static CommandException failure(PoolException refused) {
        if (refused instanceof InvalidPoolField invalid && invalid.field() != null
                && OPTION_OF_FIELD.containsKey(invalid.field())) {
            return new CommandException(optionOf(invalid.field()) + ": " + refused.getMessage());
        }
        return new CommandException(refused.getMessage());
    }

    static Pool existing(PoolService pools, String id) throws CommandException {
        return pools.pool(id).orElseThrow(() -> new CommandException("No pool with id '" + id + "'"));
    }

    static Optional<PoolStatus> status(PoolService pools, String id) {
        return pools.statuses().stream().filter(s -> s.poolId().equals(id)).findFirst();
    }

    static String stateText(PoolStatus status) {
        return status.lastError().isEmpty() ? status.state().name()
                : status.state().name() + " (" + status.lastError() + ")";
    }

    static String since(PoolStatus status) {
        return SINCE.format(status.since().truncatedTo(ChronoUnit.SECONDS));
    }

    /** One line on what the pool is and how it is doing, printed after a change. */
    static void printSummary(PoolService pools, Pool pool) {
        System.out.println("  " + pool.type().key() + ", " + PoolMapper.source(pool) + ", "
                + (pool.options().enabled() ? "enabled" : "disabled"));
        status(pools, pool.id()).ifPresent(s -> System.out.println("  Status: " + stateText(s)));
        if (pool.options().pseudonymize()) {
            System.out.println("WARNING: " + PoolMapper.PSEUDONYMIZATION_WARNING);
        }
    }

    /** True only for an explicit yes: a mistyped answer must not remove anything. */
    static boolean confirmed(Session session, String question) throws java.io.IOException {
        String answer = session.readLine(question + " (yes/no) ", null);
        return answer != null && List.of("yes", "y").contains(answer.strip().toLowerCase(Locale.ROOT));
    }

    /** Repeated options and comma separated values alike; null when the option was not given. */
    static List<String> listed(List<String> values) {
        if (values == null) {
            return null;
        }
        return values.stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::strip).toList();
    }

    static String sortedText(Collection<String> values) {
        return String.join(", ", new TreeSet<>(values));
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
