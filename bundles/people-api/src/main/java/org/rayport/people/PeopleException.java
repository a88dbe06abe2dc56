package org.rayport.people;

/** A request about users or groups that cannot be carried out; the message says why, for a person to read. */
public class PeopleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PeopleException(String message) {
        super(message);
    }
}
