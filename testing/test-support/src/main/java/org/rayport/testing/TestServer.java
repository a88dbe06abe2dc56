package org.rayport.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.rayport.core.ServerInfo;

/** A server whose home is a directory of the test; for the services that need a {@link ServerInfo}. */
public record TestServer(Path home) implements ServerInfo {

    @Override
    public String version() {
        return "0.0.0-test";
    }

    @Override
    public Instant startedAt() {
        return Instant.EPOCH;
    }

    @Override
    public long freeDiskBytes() {
        try {
            return Files.getFileStore(home).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
