package org.rayport.people;

/** A field of the request is missing, too long or malformed. */
public class InvalidInputException extends PeopleException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
