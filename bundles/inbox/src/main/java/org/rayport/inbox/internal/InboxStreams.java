package org.rayport.inbox.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.sse.OutboundSseEvent;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The open server-sent event streams, per user: announces inbox changes to their user's streams and sends every
 * stream a comment as heartbeat, so that proxies keep idle connections open and a disconnected client is noticed.
 * A stream whose sink is closed, or whose send failed, is closed and forgotten; so is a stream whose session no
 * longer passes (token logged out or expired, user disabled, device blocked), found at its next event or heartbeat.
 * <p>
 * Own code rather than JAX-RS's {@code SseBroadcaster}: a broadcaster sends the same event to all its sinks, whereas
 * each event here belongs to one user's streams; one broadcaster per user would still need this map.
 */
@Component(service = InboxStreams.class)
public class InboxStreams {

    static final String EVENT_NAME = "dataset";
    static final long HEARTBEAT_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(InboxStreams.class);

    /**
     * One open stream; the Sse of its request builds its events.
     *
     * @param admitted whether the session that opened it still passes; cheap while nothing changed
     */
    private record Stream(String userId, SseEventSink sink, Sse sse, BooleanSupplier admitted) {
    }

    private final Map<String, Set<Stream>> streamsByUser = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService heartbeat;

    @Activate
    public InboxStreams() {
        this(HEARTBEAT_SECONDS);
    }

    InboxStreams(long heartbeatSeconds) {
        heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rayport-inbox-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
    }

    @Deactivate
    void close() {
        heartbeat.shutdownNow();
        streamsByUser.values().forEach(streams -> streams.forEach(this::forget));
        streamsByUser.clear();
    }

    /**
     * Keeps the sink open for the user's announcements while {@code admitted} holds; a first comment commits the
     * response at once.
     */
    public void open(String userId, SseEventSink sink, Sse sse, BooleanSupplier admitted) {
        Stream stream = new Stream(userId, sink, sse, admitted);
        streamsByUser.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(stream);
        send(stream, sse.newEventBuilder().comment("inbox of " + userId).build());
    }

    /** Streams open now, of all users. */
    public int openStreams() {
        return streamsByUser.values().stream().mapToInt(Set::size).sum();
    }

    void announce(List<InboxChange> changes) {
        for (InboxChange change : changes) {
            Set<Stream> streams = streamsByUser.get(change.userId());
            if (streams == null) {
                continue;
            }
            String data = dataOf(change);
            for (Stream stream : streams) {
                send(stream, stream.sse().newEventBuilder().name(EVENT_NAME).mediaType(MediaType.TEXT_PLAIN_TYPE)
                        .data(String.class, data).build());
            }
        }
    }

    /** The heartbeat: also how a stream whose client went away without a word is found and forgotten. */
    void beat() {
        for (Set<Stream> streams : streamsByUser.values()) {
            for (Stream stream : streams) {
                send(stream, stream.sse().newEventBuilder().comment("heartbeat").build());
            }
        }
    }

    private void send(Stream stream, OutboundSseEvent event) {
        if (stream.sink().isClosed()) {
            forget(stream);
            return;
        }
        if (!admitted(stream)) {
            LOG.info("Inbox stream of {} closed: the session ended or is no longer admitted", stream.userId());
            forget(stream);
            return;
        }
        try {
            stream.sink().send(event).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.debug("Inbox stream of {} closed: {}", stream.userId(), failure.toString());
                    forget(stream);
                }
            });
        } catch (RuntimeException e) {
            // Some sinks throw instead of failing the stage once their connection is gone.
            LOG.debug("Inbox stream of {} closed: {}", stream.userId(), e.toString());
            forget(stream);
        }
    }

    private static boolean admitted(Stream stream) {
        try {
            return stream.admitted().getAsBoolean();
        } catch (RuntimeException e) {
            // The check could not be made (e.g. the database is away): an unproven session gets no more data.
            LOG.warn("Inbox stream of {} closed: its session could not be checked: {}", stream.userId(), e.toString());
            return false;
        }
    }

    private void forget(Stream stream) {
        streamsByUser.computeIfPresent(stream.userId(), (user, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
        try {
            stream.sink().close();
        } catch (RuntimeException e) {
            LOG.debug("Closing the inbox stream of {}: {}", stream.userId(), e.toString());
        }
    }

    private String dataOf(InboxChange change) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pool", change.poolId());
        data.put("study", change.studyUid());
        data.put("patientName", change.patientName());
        data.put("instances", change.instances());
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Strings and a number always serialize", e);
        }
    }
}
