package org.rayport.dicom.net.pdu;

/**
 * An application entity title: 1 to 16 characters of the default character repertoire, no backslash, no control
 * characters, not only spaces. Leading and trailing spaces are not significant (PS3.5 AE).
 */
public record AeTitle(String value) {

    public AeTitle {
        if (value == null) {
            throw new IllegalArgumentException("AE title must not be null");
        }
        value = value.strip();
        if (value.isEmpty() || value.length() > 16) {
            throw new IllegalArgumentException("AE title must have 1 to 16 characters: '" + value + "'");
        }
        for (char c : value.toCharArray()) {
            if (c < 0x20 || c > 0x7E || c == '\\') {
                throw new IllegalArgumentException("AE title has a character that is not allowed: '" + value + "'");
            }
        }
    }

    public static AeTitle of(String value) {
        return new AeTitle(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
