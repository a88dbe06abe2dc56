package org.rayport.inbox.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.ws.rs.sse.OutboundSseEvent;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseBroadcaster;
import javax.ws.rs.sse.SseEventSink;

import org.apache.cxf.jaxrs.sse.OutboundSseEventImpl;
import org.junit.After;
import org.junit.Test;

/**
 * An open stream lives only as long as its session passes: once the session is logged out, its user disabled or its
 * device blocked (the check answers false), the next event or heartbeat closes the stream instead of sending. The
 * events are CXF's own; the sink records what the stream would have written.
 */
public class InboxStreamsTest {

    /** What a client connection receives, until it is closed. */
    private static final class RecordingSink implements SseEventSink {
        final List<OutboundSseEvent> sent = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            if (closed) {
                throw new IllegalStateException("The sink is closed");
            }
            sent.add(event);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed = true;
        }

        List<String> names() {
            return sent.stream().map(e -> e.getName() != null ? e.getName() : ":" + e.getComment()).toList();
        }
    }

    private static final Sse SSE = new Sse() {
        @Override
        public OutboundSseEvent.Builder newEventBuilder() {
            return new OutboundSseEventImpl.BuilderImpl();
        }

        @Override
        public SseBroadcaster newBroadcaster() {
            throw new UnsupportedOperationException("InboxStreams uses no broadcaster");
        }
    };

    /** The heartbeat is driven by the test (beat()); the scheduled one is an hour away. */
    private final InboxStreams streams = new InboxStreams(3600);

    @After
    public void close() {
        streams.close();
    }

    private static InboxChange change(String user) {
        return new InboxChange(user, "default", "1.2.3", "Doe^Jane", 3);
    }

    @Test
    public void aStreamOfAnAdmittedSessionGetsItsUsersEventsAndHeartbeats() {
        RecordingSink sink = new RecordingSink();
        streams.open("ann", sink, SSE, () -> true);

        streams.announce(List.of(change("ann"), change("bob")));
        streams.beat();

        assertEquals(List.of(":inbox of ann", InboxStreams.EVENT_NAME, ":heartbeat"), sink.names());
        assertFalse(sink.isClosed());
        assertEquals(1, streams.openStreams());
    }

    @Test
    public void theNextHeartbeatClosesTheStreamOfASessionThatEnded() {
        AtomicBoolean admitted = new AtomicBoolean(true);
        RecordingSink ending = new RecordingSink();
        RecordingSink staying = new RecordingSink();
        streams.open("ann", ending, SSE, admitted::get);
        streams.open("ann", staying, SSE, () -> true);

        admitted.set(false);
        streams.beat();

        assertTrue(ending.isClosed());
        assertEquals("nothing was sent after the session ended", List.of(":inbox of ann"), ending.names());
        assertFalse(staying.isClosed());
        assertEquals(List.of(":inbox of ann", ":heartbeat"), staying.names());
        assertEquals(1, streams.openStreams());
    }

    @Test
    public void anEventForASessionThatEndedClosesTheStreamInsteadOfSending() {
        AtomicBoolean admitted = new AtomicBoolean(true);
        RecordingSink sink = new RecordingSink();
        streams.open("ann", sink, SSE, admitted::get);

        admitted.set(false);
        streams.announce(List.of(change("ann")));

        assertTrue(sink.isClosed());
        assertEquals(List.of(":inbox of ann"), sink.names());
        assertEquals(0, streams.openStreams());
    }

    @Test
    public void aSessionThatCannotBeCheckedGetsNoMoreData() {
        RecordingSink sink = new RecordingSink();
        AtomicBoolean databaseAway = new AtomicBoolean(false);
        streams.open("ann", sink, SSE, () -> {
            if (databaseAway.get()) {
                throw new IllegalStateException("database unreachable");
            }
            return true;
        });

        databaseAway.set(true);
        streams.beat();

        assertTrue(sink.isClosed());
        assertEquals(0, streams.openStreams());
    }
}
