package org.rayport.pools.internal.rest;

import org.rayport.pools.PoolException;

/** A refused value, with the field it was given for: the REST API names it, the shell names the matching option. */
public class InvalidPoolField extends PoolException {

    private final String field;

    public InvalidPoolField(String field, String message) {
        super(Reason.INVALID, message);
        this.field = field;
    }

    /** The field of {@link PoolDto}, e.g. {@code aeTitle}. */
    public String field() {
        return field;
    }
}
