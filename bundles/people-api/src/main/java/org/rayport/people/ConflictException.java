package org.rayport.people;

/** The request contradicts what is stored: a duplicate ID, or removing the last administrator. */
public class ConflictException extends PeopleException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
