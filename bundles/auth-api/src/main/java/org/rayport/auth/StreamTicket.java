package org.rayport.auth;

/**
 * A short-lived, single-use credential for opening one server-sent event stream where the client cannot send headers
 * (a browser's {@code EventSource}): sent as the query parameter {@link #QUERY_PARAMETER} and accepted only by
 * endpoints marked {@link StreamTicketAccepted}, never as a bearer token.
 *
 * @param ticket           the ticket, to be sent once
 * @param expiresInSeconds how long it may still be used
 */
public record StreamTicket(String ticket, long expiresInSeconds) {

    /** The query parameter that carries a ticket. */
    public static final String QUERY_PARAMETER = "ticket";

    /** Keeps the ticket out of logs. */
    @Override
    public String toString() {
        return "StreamTicket[expiresInSeconds=" + expiresInSeconds + "]";
    }
}
