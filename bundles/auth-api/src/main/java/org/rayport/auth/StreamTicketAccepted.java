package org.rayport.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the REST endpoints (methods only: event streams) that accept a {@link StreamTicket} in the query parameter
 * {@link StreamTicket#QUERY_PARAMETER} in place of the bearer token and device header. Every other endpoint ignores
 * the parameter, so a ticket is never a general credential. The rest of the endpoint's rules (roles, device) apply to
 * the ticket's session as to a token's.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface StreamTicketAccepted {
}
