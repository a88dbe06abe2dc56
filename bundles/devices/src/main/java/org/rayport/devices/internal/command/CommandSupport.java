package org.rayport.devices.internal.command;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.apache.karaf.shell.support.CommandException;

/** What the device commands share. */
final class CommandSupport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private CommandSupport() {
    }

    static String format(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** Karaf prints a CommandException's message plainly, without a stack trace: right for an expected refusal. */
    static CommandException failure(RuntimeException refusal) {
        return new CommandException(refusal.getMessage());
    }
}
