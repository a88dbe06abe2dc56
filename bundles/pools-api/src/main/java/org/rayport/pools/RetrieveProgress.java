package org.rayport.pools;

/**
 * How a retrieve from a PACS is going, or how it ended.
 *
 * @param remaining instances still to come; -1 while the PACS has not said
 * @param done      whether this is the final count
 * @param message   in plain words: how it ended, or why C-GET was used instead of C-MOVE; empty while running
 */
public record RetrieveProgress(Method method, int completed, int remaining, int failed, int warnings, boolean done,
                               String message) {

    /** How the instances come: C-MOVE to the pool's own AE title, or C-GET on the same association. */
    public enum Method { MOVE, GET }

    public RetrieveProgress {
        message = message == null ? "" : message;
    }

    /** Whether it ended with every instance retrieved. */
    public boolean succeeded() {
        return done && failed == 0 && remaining <= 0;
    }
}
